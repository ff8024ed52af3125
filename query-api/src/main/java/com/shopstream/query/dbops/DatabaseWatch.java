package com.shopstream.query.dbops;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects what the query analyzer shows, on one query-api instance at a time (a transaction-scoped
 * advisory lock per round): which services run which statements (sampled from
 * {@code pg_stat_activity}), a snapshot of {@code pg_stat_statements} and of the server's WAL and
 * checkpoint counters every minute, and the slow statements' plans from the server's JSON log. The
 * log is read through SQL ({@code pg_read_binary_file} in {@code log_directory}), so the collector
 * needs no access to the server's files; how far each file was read is stored, and a statement is
 * stored once by its place in its file.
 */
public final class DatabaseWatch {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseWatch.class);
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);
    private static final Duration SNAPSHOT_EVERY = Duration.ofMinutes(1);
    private static final Duration COLLECT_EVERY = Duration.ofSeconds(10);
    private static final int STATEMENTS_KEPT = 200;
    private static final int SNAPSHOTS_KEPT_DAYS = 2;
    private static final int SLOW_QUERIES_KEPT_DAYS = 7;
    private static final int CHUNK_BYTES = 1 << 20;
    private static final int CHUNKS_PER_ROUND = 8;

    private final Pool pool;

    public DatabaseWatch(Pool pool) {
        this.pool = pool;
    }

    public void start(Vertx vertx) {
        every(vertx, SAMPLE_EVERY, "sample the statements' services", conn -> conn.query(DbOpsSql.SAMPLE_SERVICES).execute().mapEmpty());
        every(vertx, SNAPSHOT_EVERY, "snapshot pg_stat_statements", this::snapshot);
        every(vertx, COLLECT_EVERY, "collect slow queries from the server log", this::collectLog);
    }

    /** Runs {@code work} now and then every {@code interval} after each round ends, whatever its outcome. */
    private void every(Vertx vertx, Duration interval, String what, Function<SqlConnection, Future<Void>> work) {
        lead(what, work).onComplete(done -> {
            if (done.failed()) {
                LOG.warn("could not {}: {}", what, done.cause().toString());
            }
            vertx.setTimer(interval.toMillis(), id -> every(vertx, interval, what, work));
        });
    }

    /** Runs {@code work} in a transaction if no other instance is running a round of the same job. */
    private Future<Void> lead(String job, Function<SqlConnection, Future<Void>> work) {
        return pool.withTransaction(conn -> conn.preparedQuery(DbOpsSql.TRY_LEAD).execute(Tuple.of(job))
                .compose(rows -> rows.iterator().next().getBoolean(0) ? work.apply(conn) : Future.<Void>succeededFuture()));
    }

    private Future<Void> snapshot(SqlConnection conn) {
        return conn.preparedQuery(DbOpsSql.SNAPSHOT_STATEMENTS).execute(Tuple.of(STATEMENTS_KEPT))
                .compose(v -> conn.query(DbOpsSql.SNAPSHOT_SERVER).execute())
                .compose(v -> conn.preparedQuery(DbOpsSql.FORGET_OLD).execute(Tuple.of(SNAPSHOTS_KEPT_DAYS, SLOW_QUERIES_KEPT_DAYS)))
                .mapEmpty();
    }

    /** Reads up to {@link #CHUNKS_PER_ROUND} chunks of the log files that grew; the rest is left to the next round. */
    private Future<Void> collectLog(SqlConnection conn) {
        return conn.query(DbOpsSql.LOG_FILES).execute().compose(rows -> {
            Future<Integer> chunksLeft = Future.succeededFuture(CHUNKS_PER_ROUND);
            for (Row row : rows) {
                LogFile file = new LogFile(row.getString(0), row.getLong(1), row.getString(3), row.getString(4));
                long offset = row.getLong(2);
                chunksLeft = chunksLeft.compose(left -> read(conn, file, offset, left));
            }
            return chunksLeft.mapEmpty();
        });
    }

    private record LogFile(String name, long size, String directory, String database) {
    }

    /** Reads the file from {@code offset} a chunk at a time while chunks are left; completes with the chunks left. */
    private Future<Integer> read(SqlConnection conn, LogFile file, long offset, int chunksLeft) {
        if (chunksLeft == 0 || offset >= file.size()) {
            return Future.succeededFuture(chunksLeft);
        }
        long length = Math.min(CHUNK_BYTES, file.size() - offset);
        return conn.preparedQuery(DbOpsSql.READ_LOG).execute(Tuple.of(file.directory() + "/" + file.name(), offset, length))
                .compose(rows -> {
                    ServerLog.Chunk chunk = ServerLog.parse(rows.iterator().next().getBuffer(0).getBytes(), offset, file.database());
                    // A line longer than a chunk cannot be completed by reading on: it is skipped.
                    long next = chunk.nextOffset() == offset ? offset + length : chunk.nextOffset();
                    JsonArray found = new JsonArray();
                    chunk.plans().forEach(plan -> found.add(plan.toJson()));
                    Future<?> saved = found.isEmpty() ? Future.succeededFuture()
                            : conn.preparedQuery(DbOpsSql.SAVE_SLOW_QUERIES).execute(Tuple.of(file.name(), found));
                    return saved.compose(v -> conn.preparedQuery(DbOpsSql.SAVE_PROGRESS).execute(Tuple.of(file.name(), next)))
                            .compose(v -> read(conn, file, next, chunksLeft - 1));
                });
    }
}
