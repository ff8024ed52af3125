package com.shopstream.query.dbops;

import com.shopstream.query.api.ApiException;
import com.shopstream.query.api.BadParameterException;
import com.shopstream.query.api.Cursor;
import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.Params;
import com.shopstream.query.api.ReadEndpoint;
import com.shopstream.query.api.Times;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/admin/db/slow-queries[?from][&to][&limit][&cursor]} (the last 24 hours unless a
 * range is given) and {@code GET /v1/admin/db/slow-queries/{id}}: the statements the server logged
 * as slower than {@code SHOP_DB_SLOW_QUERY_MS}, as {@link DatabaseWatch} collected them.
 */
public final class SlowQueriesHandler {

    private final Pool pool;
    private final Clock clock;
    private final double thresholdMs;

    public SlowQueriesHandler(Pool pool, Clock clock, double thresholdMs) {
        this.pool = pool;
        this.clock = clock;
        this.thresholdMs = thresholdMs;
    }

    public ReadEndpoint list() {
        return params -> {
            Instant to = Params.optional(params, "to") == null ? clock.instant() : Params.instant(params, "to");
            Instant from = Params.optional(params, "from") == null ? to.minus(Duration.ofDays(1)) : Params.instant(params, "from");
            if (!to.isAfter(from)) {
                throw new BadParameterException("to", "must be after 'from'");
            }
            int limit = Params.integer(params, "limit", 50, 1, 500);
            Cursor cursor = Cursor.from(params, "s", 2);
            Tuple arguments = Tuple.of(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC),
                    cursor == null ? null : cursor.instantAt(0).atOffset(ZoneOffset.UTC), cursor == null ? null : cursor.longAt(1), limit + 1);
            return pool.preparedQuery(DbOpsSql.SLOW_QUERIES).execute(arguments).map(rows -> {
                List<SlowQuery> page = new ArrayList<>();
                String next = null;
                for (Row row : rows) {
                    if (page.size() == limit) {
                        SlowQuery last = page.get(limit - 1);
                        next = Cursor.encode("s", Times.iso(last.loggedAt()), last.id());
                        break;
                    }
                    page.add(SlowQuery.of(row, false));
                }
                return new SlowQueryPage(from, to, thresholdMs, page, next);
            });
        };
    }

    public ReadEndpoint one() {
        return params -> {
            long id = Params.pathId(params, "id");
            return pool.preparedQuery(DbOpsSql.SLOW_QUERY).execute(Tuple.of(id)).map(rows -> {
                if (rows.size() == 0) {
                    throw ApiException.notFound("no slow query " + id + " is on record");
                }
                return SlowQuery.of(rows.iterator().next(), true);
            });
        };
    }

    /** The slow query with the given id, or a 404. */
    Future<SlowQuery> find(long id) {
        return one().answer(Parameters.of(Map.of("id", Long.toString(id)))).map(SlowQuery.class::cast);
    }
}
