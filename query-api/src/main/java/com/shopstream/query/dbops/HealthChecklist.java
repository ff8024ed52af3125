package com.shopstream.query.dbops;

import com.shopstream.query.api.BadParameterException;
import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.Params;
import com.shopstream.query.api.ReadEndpoint;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/admin/db/health[?exactBloat=<table or index>]}: the monitoring checklist, read from
 * the statistics views, the collector's server snapshots and, on demand, pgstattuple.
 */
public final class HealthChecklist implements ReadEndpoint {

    static final Threshold CACHE_HIT = Threshold.below(0.99, 0.95);
    static final Threshold CONNECTIONS_USED = Threshold.above(0.7, 0.9);
    static final Threshold POOL_CAPACITY = Threshold.above(0.8, 1.0);
    static final Threshold POOL_USED = Threshold.above(0.8, 1.0);
    static final Threshold LOCK_WAIT_MS = Threshold.above(1_000, 10_000);
    static final Threshold DEAD_SHARE = Threshold.above(0.1, 0.2);
    static final Threshold MODIFIED_SINCE_ANALYZE = Threshold.above(0.2, 0.5);
    static final Threshold INDEX_WASTE = Threshold.above(0.3, 0.5);
    static final Threshold WASTED_PERCENT = Threshold.above(30, 50);
    static final Threshold WAL_BYTES_PER_SECOND = Threshold.above(64 * 1024 * 1024, 128 * 1024 * 1024);
    static final Threshold REQUESTED_CHECKPOINTS = Threshold.above(0.1, 0.5);
    static final Threshold REPLAY_LAG_MS = Threshold.above(1_000, 10_000);
    private static final long TABLE_MIN_ROWS = 1_000;
    private static final long INDEX_MIN_PAGES = 128;
    private static final Pattern RELATION = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String UNDEFINED_TABLE = "42P01";
    private static final String WRONG_OBJECT_TYPE = "42809";

    private final Pool pool;
    private final Clock clock;

    public HealthChecklist(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    @Override
    public Future<DatabaseHealth> answer(Parameters params) {
        String exact = Params.optional(params, "exactBloat");
        if (exact != null && !RELATION.matcher(exact).matches()) {
            throw new BadParameterException("exactBloat", "must be the name of a table or index of this database");
        }
        return compute(exact);
    }

    /** The checklist without an exact bloat measurement. */
    Future<DatabaseHealth> compute() {
        return compute(null);
    }

    private Future<DatabaseHealth> compute(String exact) {
        Future<RowSet<Row>> cache = pool.query(DbOpsSql.CACHE_HIT).execute();
        Future<RowSet<Row>> connections = pool.query(DbOpsSql.CONNECTIONS).execute();
        Future<RowSet<Row>> pools = pool.query(DbOpsSql.POOLS).execute();
        Future<RowSet<Row>> blocked = pool.query(DbOpsSql.BLOCKED).execute();
        Future<RowSet<Row>> tables = pool.preparedQuery(DbOpsSql.DEAD_ROWS).execute(Tuple.of(TABLE_MIN_ROWS));
        Future<RowSet<Row>> indexes = pool.preparedQuery(DbOpsSql.INDEX_BLOAT).execute(Tuple.of(INDEX_MIN_PAGES));
        Future<DatabaseHealth.ExactBloat> bloat = exact == null ? Future.succeededFuture() : exactBloat(exact);
        Future<RowSet<Row>> partitions = pool.query(DbOpsSql.PARTITIONS).execute();
        Future<RowSet<Row>> wal = pool.query(DbOpsSql.WAL_RATE).execute();
        Future<RowSet<Row>> io = pool.query(DbOpsSql.TABLE_IO).execute();
        Future<RowSet<Row>> replication = pool.query(DbOpsSql.REPLICATION).execute();
        return Future.all(List.of(cache, connections, pools, blocked, tables, indexes, bloat, partitions, wal, io, replication)).map(all -> {
            Row hits = cache.result().iterator().next();
            List<DatabaseHealth.Connections> byService = new ArrayList<>();
            int max = 0;
            long used = 0;
            for (Row row : connections.result()) {
                byService.add(new DatabaseHealth.Connections(row.getString(0), row.getString(1), row.getLong(2)));
                max = row.getInteger(3);
                used += row.getLong(2);
            }
            List<DatabaseHealth.PoolUsage> poolUsage = new ArrayList<>();
            long poolSizes = 0;
            for (Row row : pools.result()) {
                int size = row.getInteger(3);
                poolSizes += size;
                poolUsage.add(new DatabaseHealth.PoolUsage(row.getString(0), row.getString(1), row.getString(2), size, row.getInteger(4),
                        row.getInteger(5), row.getDouble(6), DatabaseHealth.Figure.of((double) row.getInteger(4) / size, POOL_USED)));
            }
            List<DatabaseHealth.Blocked> waits = blocked(blocked.result());
            double longestWait = waits.stream().mapToDouble(DatabaseHealth.Blocked::waitingMs).max().orElse(0);
            List<DatabaseHealth.TableState> tableStates = new ArrayList<>();
            for (Row row : tables.result()) {
                tableStates.add(new DatabaseHealth.TableState(row.getString(0), row.getLong(1), row.getLong(2),
                        DatabaseHealth.Figure.of(row.getDouble(3), DEAD_SHARE), row.getOffsetDateTime(4), row.getOffsetDateTime(5),
                        DatabaseHealth.Figure.of(row.getDouble(6), MODIFIED_SINCE_ANALYZE)));
            }
            List<DatabaseHealth.IndexState> indexStates = new ArrayList<>();
            indexes.result().forEach(row -> indexStates.add(new DatabaseHealth.IndexState(row.getString(0), row.getString(1), row.getLong(2),
                    DatabaseHealth.Figure.of(row.getDouble(3), INDEX_WASTE))));
            List<DatabaseHealth.Partitioned> partitioned = new ArrayList<>();
            partitions.result().forEach(row -> partitioned.add(new DatabaseHealth.Partitioned(row.getString(0), row.getLong(1),
                    row.getLong(2))));
            Double walRate = null;
            Double requestedShare = null;
            for (Row row : wal.result()) {
                double seconds = row.getDouble(0);
                walRate = seconds > 0 ? row.getBigDecimal(1).doubleValue() / seconds : null;
                long checkpoints = row.getLong(2) + row.getLong(3);
                requestedShare = checkpoints == 0 ? 0.0 : (double) row.getLong(3) / checkpoints;
            }
            List<DatabaseHealth.TableIo> tableIo = new ArrayList<>();
            io.result().forEach(row -> tableIo.add(new DatabaseHealth.TableIo(row.getString(0), row.getLong(1), row.getLong(2),
                    row.getLong(3), row.getLong(4))));
            List<DatabaseHealth.Standby> standbys = new ArrayList<>();
            replication.result().forEach(row -> standbys.add(new DatabaseHealth.Standby(row.getString(0), row.getString(1),
                    DatabaseHealth.Figure.of(row.getDouble(2), REPLAY_LAG_MS),
                    row.getBigDecimal(3) == null ? null : row.getBigDecimal(3).longValue())));
            return new DatabaseHealth(clock.instant(), DatabaseHealth.Figure.of(hits.getDouble(0), CACHE_HIT),
                    DatabaseHealth.Figure.of(hits.getDouble(1), CACHE_HIT), max,
                    DatabaseHealth.Figure.of(max == 0 ? null : (double) used / max, CONNECTIONS_USED), byService,
                    DatabaseHealth.Figure.of(max == 0 ? null : (double) poolSizes / max, POOL_CAPACITY), poolUsage,
                    DatabaseHealth.Figure.of(longestWait, LOCK_WAIT_MS), waits, tableStates, indexStates, bloat.result(), partitioned,
                    DatabaseHealth.Figure.of(walRate, WAL_BYTES_PER_SECOND), DatabaseHealth.Figure.of(requestedShare, REQUESTED_CHECKPOINTS),
                    tableIo, standbys);
        });
    }

    /** One entry per waiting session, its blockers gathered from the rows of {@link DbOpsSql#BLOCKED}. */
    private static List<DatabaseHealth.Blocked> blocked(RowSet<Row> rows) {
        Map<Integer, List<Row>> byWaiter = new LinkedHashMap<>();
        rows.forEach(row -> byWaiter.computeIfAbsent(row.getInteger(0), pid -> new ArrayList<>()).add(row));
        List<DatabaseHealth.Blocked> waits = new ArrayList<>();
        byWaiter.forEach((pid, list) -> {
            Row first = list.get(0);
            List<DatabaseHealth.Blocker> blockers = list.stream().map(row -> new DatabaseHealth.Blocker(row.getInteger(4), row.getString(5),
                    row.getString(6), row.getDouble(7), row.getString(8))).toList();
            waits.add(new DatabaseHealth.Blocked(pid, first.getString(1), first.getDouble(2) == null ? 0 : first.getDouble(2),
                    first.getString(3), blockers));
        });
        return waits;
    }

    private Future<DatabaseHealth.ExactBloat> exactBloat(String relation) {
        return pool.preparedQuery("SELECT relkind::text FROM pg_class WHERE oid = $1::regclass").execute(Tuple.of(relation))
                .compose(kind -> {
                    boolean index = "i".equals(kind.iterator().next().getString(0));
                    return pool.preparedQuery(index ? DbOpsSql.EXACT_INDEX_BLOAT : DbOpsSql.EXACT_TABLE_BLOAT).execute(Tuple.of(relation))
                            .map(rows -> {
                                Row row = rows.iterator().next();
                                double wasted = index ? 100 - row.getDouble(1) : row.getDouble(1) + row.getDouble(2);
                                return new DatabaseHealth.ExactBloat(relation, index ? "index" : "table", row.getLong(0),
                                        DatabaseHealth.Figure.of(wasted, WASTED_PERCENT), index ? row.getDouble(1) : null);
                            });
                })
                .recover(failure -> {
                    String state = failure instanceof PgException pg ? pg.getSqlState() : null;
                    return Future.failedFuture(UNDEFINED_TABLE.equals(state) ? new BadParameterException("exactBloat", "no table or index named " + relation)
                            : WRONG_OBJECT_TYPE.equals(state) ? new BadParameterException("exactBloat", relation
                                    + " has no storage of its own (a partitioned table or index): name one of its partitions")
                            : failure);
                });
    }
}
