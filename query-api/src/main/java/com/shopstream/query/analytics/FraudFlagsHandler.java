package com.shopstream.query.analytics;

import com.shopstream.query.api.Cursor;
import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.Params;
import com.shopstream.query.api.ReadEndpoint;
import com.shopstream.query.api.Times;
import com.shopstream.common.Money;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/fraud/flags?from&to[&rule=velocity|high_value|many_regions][&limit][&cursor]}: the
 * fraud signals the aggregator raised for orders placed in the range, newest first, each with its
 * reason. At most 31 days.
 */
public final class FraudFlagsHandler implements ReadEndpoint {

    private static final Map<String, String> RULES = Map.of(
            "velocity", "velocity", "high_value", "high_value", "many_regions", "many_regions");

    private final Pool pool;

    public FraudFlagsHandler(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<FraudFlagPage> answer(Parameters params) {
        Params.Range range = Params.range(params, Duration.ofDays(31));
        String rule = Params.optional(params, "rule") == null ? null : Params.choice(params, "rule", null, RULES);
        int limit = Params.integer(params, "limit", 100, 1, 1000);
        Cursor cursor = Cursor.from(params, "f", 3);
        Tuple arguments = Tuple.of(range.from().atOffset(ZoneOffset.UTC), range.to().atOffset(ZoneOffset.UTC), rule,
                cursor == null ? null : cursor.instantAt(0).atOffset(ZoneOffset.UTC),
                cursor == null ? null : cursor.longAt(1),
                cursor == null ? null : cursor.textAt(2),
                limit + 1);
        return pool.preparedQuery(AnalyticsSql.FRAUD_FLAGS).execute(arguments).map(rows -> {
            List<FraudFlagPage.Flag> flags = new ArrayList<>(limit);
            String next = null;
            for (Row row : rows) {
                if (flags.size() == limit) {
                    FraudFlagPage.Flag last = flags.get(limit - 1);
                    next = Cursor.encode("f", Times.iso(last.occurredAt()), last.orderId(), last.rule());
                    break;
                }
                flags.add(new FraudFlagPage.Flag(row.getLong(0), row.getString(1), row.getLong(2), row.getOffsetDateTime(3),
                        row.getString(4), Money.normalized(row.getBigDecimal(5)), row.getString(6), row.getOffsetDateTime(7)));
            }
            return new FraudFlagPage(range.from(), range.to(), flags, next);
        });
    }
}
