package com.shopstream.aggregator.maintenance;

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
 * order and commits. It then waits until every snapshot taken before that commit is gone: a batch
 * statement with such a snapshot misses the copies in the large ledger and relies on finding the ids
 * in the recent one. Only then does it delete from the recent ledger the ids the large one holds. A
 * round cut short leaves ids in both ledgers, which is safe; the next round copies them again, at the
 * cost of a probe each.
 */
public final class LedgerMerge {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerMerge.class);
    private static final Duration SETTLE_POLL = Duration.ofMillis(200);

    /**
     * When a merge is due: the recent ledger holds at least {@code minRecentRows} ids and at least
     * one {@code largeToRecent}-th of the large ledger's. A merge writes about one full-page image
     * per leaf of the large ledger's index whatever it moves, so it must bring enough ids to each
     * leaf: at a sixteenth, a few dozen, and the images cost a few hundred bytes per id instead of
     * several kilobytes.
     */
    public record Threshold(long minRecentRows, long largeToRecent) {

        public Threshold {
            if (minRecentRows < 1 || largeToRecent < 1) {
                throw new IllegalArgumentException("SHOP_LEDGER_MERGE_MIN_ROWS and SHOP_LEDGER_MERGE_RATIO must be positive");
            }
        }

        boolean isDue(long recentRows, long largeRows) {
            return recentRows >= minRecentRows && recentRows >= largeRows / largeToRecent;
        }
    }

    private final Vertx vertx;
    private final Pool pool;
    private final Threshold threshold;
    private final Duration settleTimeout;

    /**
     * @param settleTimeout how long a round waits for the snapshots older than its copy; past it the
     *                      round ends with the ids in both ledgers
     */
    public LedgerMerge(Vertx vertx, Pool pool, Threshold threshold, Duration settleTimeout) {
        this.vertx = vertx;
        this.pool = pool;
        this.threshold = threshold;
        this.settleTimeout = settleTimeout;
    }

    /** One round; completes with the number of ids moved, 0 when it was not due or another aggregator leads. */
    public Future<Long> runRound() {
        return pool.getConnection().compose(conn -> conn.query(LedgerSql.TRY_LEAD).execute()
                .compose(rows -> rows.iterator().next().getBoolean(0)
                        ? mergeIfDue(conn).eventually(() -> conn.query(LedgerSql.RELEASE_LEAD).execute())
                        : Future.succeededFuture(0L))
                .eventually(conn::close));
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
        long started = System.nanoTime();
        return conn.query(LedgerSql.DROP_MOVING).execute()
                .compose(v -> conn.begin())
                .compose(tx -> conn.query(LedgerSql.TAKE_RECENT).execute()
                        .compose(taken -> conn.query(LedgerSql.COPY_MOVING).execute())
                        .compose(copied -> conn.query(LedgerSql.CURRENT_XID).execute())
                        .map(rows -> rows.iterator().next().getString(0))
                        .compose(xid -> tx.commit().map(xid))
                        .onFailure(e -> tx.rollback()))
                .compose(copyXid -> {
                    long copiedAt = System.nanoTime();
                    return settle(conn, copyXid, copiedAt + settleTimeout.toNanos())
                            .compose(v -> {
                                long settledAt = System.nanoTime();
                                return conn.query(LedgerSql.DELETE_MOVED).execute().map(deleted -> {
                                    LOG.info("moved {} event ids from the recent ledger (about {}) to the large one (about {}):"
                                                    + " copied in {} ms, waited {} ms for older snapshots, deleted in {} ms",
                                            deleted.rowCount(), recent, large, millis(started, copiedAt), millis(copiedAt, settledAt),
                                            millis(settledAt, System.nanoTime()));
                                    return (long) deleted.rowCount();
                                });
                            });
                })
                .compose(moved -> conn.query(LedgerSql.DROP_MOVING).execute().map(moved));
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
