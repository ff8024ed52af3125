package com.shopstream.query.dbops;

import com.shopstream.query.api.Cursor;
import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.Params;
import com.shopstream.query.api.ReadEndpoint;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/admin/db/queries[?minMeanMs][&limit][&cursor]}: the statements of this database
 * from {@code pg_stat_statements}, heaviest total time first, each with the services seen running
 * it and its calls and mean time per minute over the last hour (from the snapshots).
 */
public final class StatementsHandler implements ReadEndpoint {

    private final Pool pool;

    public StatementsHandler(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<StatementPage> answer(Parameters params) {
        BigDecimal minMeanMs = Params.decimal(params, "minMeanMs", BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.valueOf(3_600_000));
        int limit = Params.integer(params, "limit", 20, 1, 200);
        Cursor cursor = Cursor.from(params, "q", 2);
        Tuple arguments = Tuple.of(minMeanMs.doubleValue(), cursor == null ? null : Double.valueOf(cursor.textAt(0)),
                cursor == null ? null : cursor.longAt(1), limit + 1);
        return pool.preparedQuery(DbOpsSql.STATEMENTS).execute(arguments).compose(rows -> {
            List<Row> page = new ArrayList<>();
            String next = null;
            for (Row row : rows) {
                if (page.size() == limit) {
                    Row last = page.get(limit - 1);
                    next = Cursor.encode("q", last.getDouble(4), last.getLong(0));
                    break;
                }
                page.add(row);
            }
            String nextCursor = next;
            Long[] ids = page.stream().map(row -> row.getLong(0)).toArray(Long[]::new);
            return pool.preparedQuery(DbOpsSql.FREQUENCY).execute(Tuple.of(ids)).map(intervals -> {
                Map<Long, List<StatementPage.Interval>> frequency = new HashMap<>();
                for (Row row : intervals) {
                    if (row.getLong(2) != null) {
                        frequency.computeIfAbsent(row.getLong(0), id -> new ArrayList<>())
                                .add(new StatementPage.Interval(row.getOffsetDateTime(1), row.getLong(2), row.getDouble(3)));
                    }
                }
                List<StatementPage.Statement> statements = page.stream().map(row -> new StatementPage.Statement(row.getLong(0),
                        row.getString(1), List.of(row.getArrayOfStrings(8)), row.getString(2), row.getLong(3), row.getDouble(4),
                        row.getDouble(5) == null ? 0 : row.getDouble(5), row.getLong(6), row.getDouble(7),
                        frequency.getOrDefault(row.getLong(0), List.of()))).toList();
                return new StatementPage(minMeanMs.doubleValue(), statements, nextCursor);
            });
        });
    }
}
