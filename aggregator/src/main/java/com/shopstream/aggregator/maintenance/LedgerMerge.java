package com.shopstream.aggregator.maintenance;

import com.shopstream.common.SessionLead;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves event ids from the small ledger of recent ids, which every batch writes, into the large one,
 * which batches only read (decision 0014), on one aggregator at a time (a session advisory lock; the
 * others skip the round).
 *
 * <p>A round that finds the recent ledger big enough copies all of it into the large ledger in index
 * order, in paced chunks that each commit. It then waits until every snapshot taken before the last
 * chunk's commit, and so before any chunk's, is gone: a batch statement with such a snapshot may miss
 * the copies in the large ledger and relies on finding the ids in the recent one. Only then does it
 * delete the copied ids from the recent ledger, in paced chunks too. A round cut short leaves ids in
 * both ledgers, which is safe; the next round copies them again, at the cost of a probe each.
 */
public final class LedgerMerge {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerMerge.class);
    private static final Duration SETTLE_POLL = Duration.ofMillis(200);

    /**
     * When a merge is due: the recent ledger holds at least {@code minRecentRows} ids and at least
     * one {@code largeToRecent}-th of the large ledger's. A merge writes about one full-page image
     * per leaf of the large ledger's index whatever it moves, so it must bring enough ids to each
     * leaf: at a sixteenth, a few dozen, and the images cost a few hundred bytes per id instead of
     * several kilobytes. The same sizes decide how fast a merge runs ({@link #pausePerWork}).
     */
    public record Threshold(long minRecentRows, long largeToRecent) {

        private static final long PAUSE_PER_WORK = 3;

        public Threshold {
            if (minRecentRows < 1 || largeToRecent < 1) {
                throw new IllegalArgumentException("SHOP_LEDGER_MERGE_MIN_ROWS and SHOP_LEDGER_MERGE_RATIO must be positive");
            }
        }

        boolean isDue(long recentRows, long largeRows) {
            return recentRows >= dueSize(largeRows);
        }

        /**
         * How long a merge pauses after each chunk, per unit of the chunk's work: three times, a
         * quarter of a connection, so that the batches beside it stay fresh; not at all once the
         * recent ledger holds twice what makes a merge due. Paced, a merge moved 18,000 to 23,000 ids
         * a second on a 14-million-id ledger, fewer than the batches bring at 24,000 events/s: the
         * recent ledger would outgrow the merges.
         */
        long pausePerWork(long recentRows, long largeRows) {
            return recentRows >= 2 * dueSize(largeRows) ? 0 : PAUSE_PER_WORK;
        }

        private long dueSize(long largeRows) {
            return Math.max(minRecentRows, largeRows / largeToRecent);
        }
    }

    private final Vertx vertx;
    private final Pool pool;
    private final Threshold threshold;
    private final int chunkRows;
    private final Duration settleTimeout;

    /**
     * @param chunkRows     ids copied, and deleted, per transaction: 20,000 are some tenths of a second
     *                      of work against a large ledger
     * @param settleTimeout how long a round waits for the snapshots older than its copy; past it the
     *                      round ends with the ids in both ledgers
     */
    public LedgerMerge(Vertx vertx, Pool pool, Threshold threshold, int chunkRows, Duration settleTimeout) {
        this.vertx = vertx;
        this.pool = pool;
        this.threshold = threshold;
        this.chunkRows = chunkRows;
        this.settleTimeout = settleTimeout;
    }

    /** One round; completes with the number of ids moved, 0 when it was not due or another aggregator leads. */
    public Future<Long> runRound() {
        return SessionLead.run(pool, "shopstream.ledger_merge", this::mergeIfDue, 0L);
    }

    private Future<Long> mergeIfDue(SqlConnection conn) {
        return conn.query(LedgerSql.SIZES).execute().compose(rows -> {
            Row sizes = rows.iterator().next();
            long recent = sizes.getLong(0);
            long large = sizes.getLong(1);
            return threshold.isDue(recent, large) ? merge(conn, recent, large) : Future.succeededFuture(0L);
        });
    }

    private Future<Long> merge(SqlConnection conn, long recent, long large) {
        return conn.query(LedgerSql.DROP_MOVING).execute()
                .compose(v -> conn.query(LedgerSql.TAKE_RECENT).execute())
                .compose(taken -> conn.query(LedgerSql.KEY_MOVING).execute().map(v -> (long) taken.rowCount()))
                .compose(total -> total == 0 ? Future.succeededFuture(0L) : move(conn, total, recent, large))
                .compose(moved -> conn.query(LedgerSql.DROP_MOVING).execute().map(moved));
    }

    private Future<Long> move(SqlConnection conn, long total, long recent, long large) {
        long pausePerWork = threshold.pausePerWork(recent, large);
        return inChunks(conn, LedgerSql.COPY_CHUNK, total, pausePerWork).compose(copy -> {
            long settleStarted = System.nanoTime();
            return settle(conn, copy.lastXid(), settleStarted + settleTimeout.toNanos())
                    .compose(v -> {
                        long settled = System.nanoTime();
                        return inChunks(conn, LedgerSql.DELETE_CHUNK, total, pausePerWork).map(delete -> {
                            LOG.info("moved {} event ids from the recent ledger (about {}) to the large one (about {}) in chunks of {},"
                                            + " pausing {} times each chunk's work: copied {} in {} ms ({} ms of work),"
                                            + " waited {} ms for older snapshots, deleted in {} ms ({} ms of work)",
                                    delete.rows(), recent, large, chunkRows, pausePerWork, copy.rows(), copy.wallMillis(), copy.workMillis(),
                                    millis(settleStarted, settled), delete.wallMillis(), delete.workMillis());
                            return delete.rows();
                        });
                    });
        });
    }

    /** What a statement run over the moving rows in chunks did: rows changed, the last chunk's transaction, times. */
    private record ChunkRun(long rows, String lastXid, long workMillis, long wallMillis) {
    }

    /**
     * Runs {@code sql} over the moving rows numbered (0, {@code total}], a chunk at a time, each in a
     * transaction of its own, and after each chunk pauses {@code pausePerWork} times as long as the
     * chunk took (see {@link Threshold#pausePerWork}). In one statement the copy of a million ids held
     * a core for 10–21 s and tripled the freshness p99.
     */
    private Future<ChunkRun> inChunks(SqlConnection conn, String sql, long total, long pausePerWork) {
        return nextChunk(conn, sql, 0, total, pausePerWork, new ChunkRun(0, null, 0, 0), System.nanoTime());
    }

    private Future<ChunkRun> nextChunk(SqlConnection conn, String sql, long done, long total, long pausePerWork, ChunkRun run,
                                       long startedNanos) {
        if (done >= total) {
            return Future.succeededFuture(new ChunkRun(run.rows(), run.lastXid(), run.workMillis(), millis(startedNanos, System.nanoTime())));
        }
        long to = Math.min(total, done + chunkRows);
        long chunkStarted = System.nanoTime();
        return conn.preparedQuery(sql).execute(Tuple.of(done, to)).compose(rows -> {
            Row result = rows.iterator().next();
            long workMillis = millis(chunkStarted, System.nanoTime());
            ChunkRun sofar = new ChunkRun(run.rows() + result.getLong(0), result.getString(1), run.workMillis() + workMillis, 0);
            Promise<Void> paused = Promise.promise();
            vertx.setTimer(Math.max(1, workMillis * pausePerWork), id -> paused.complete());
            return paused.future().compose(v -> nextChunk(conn, sql, to, total, pausePerWork, sofar, startedNanos));
        });
    }

    private static long millis(long fromNanos, long toNanos) {
        return Duration.ofNanos(toNanos - fromNanos).toMillis();
    }

    /** Completes once no session holds a snapshot that may predate the commit of transaction {@code copyXid}. */
    private Future<Void> settle(SqlConnection conn, String copyXid, long deadlineNanos) {
        return conn.preparedQuery(LedgerSql.OLDER_SNAPSHOTS).execute(Tuple.of(copyXid)).compose(rows -> {
            long older = rows.iterator().next().getLong(0);
            if (older == 0) {
                return Future.succeededFuture();
            }
            if (System.nanoTime() > deadlineNanos) {
                return Future.failedFuture(new IllegalStateException(older + " sessions still hold snapshots older than the copy after "
                        + settleTimeout + "; the copied ids stay in both ledgers until a later round"));
            }
            Promise<Void> later = Promise.promise();
            vertx.setTimer(SETTLE_POLL.toMillis(), id -> settle(conn, copyXid, deadlineNanos).onComplete(later));
            return later.future();
        });
    }
}
