package com.shopstream.query.analytics;

import com.shopstream.query.api.Cursor;
import com.shopstream.query.api.JsonAnswer;
import com.shopstream.query.api.Params;
import com.shopstream.query.api.Times;
import com.shopstream.common.Money;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * {@code GET /v1/fraud/flags?from&to[&rule=velocity|high_value|many_regions][&limit][&cursor]}: the
 * fraud signals the aggregator raised for orders placed in the range, newest first, each with its
 * reason. At most 31 days.
 */
public final class FraudFlagsHandler implements JsonAnswer {

    private static final Map<String, String> RULES = Map.of(
            "velocity", "velocity", "high_value", "high_value", "many_regions", "many_regions");

    private final Pool pool;

    public FraudFlagsHandler(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<JsonObject> answer(RoutingContext ctx) {
        Params.Range range = Params.range(ctx, Duration.ofDays(31));
        String rule = Params.optional(ctx, "rule") == null ? null : Params.choice(ctx, "rule", null, RULES);
        int limit = Params.integer(ctx, "limit", 100, 1, 1000);
        Cursor cursor = Cursor.from(ctx, "f", 3);
        Tuple params = Tuple.of(range.from().atOffset(ZoneOffset.UTC), range.to().atOffset(ZoneOffset.UTC), rule,
                cursor == null ? null : cursor.instantAt(0).atOffset(ZoneOffset.UTC),
                cursor == null ? null : cursor.longAt(1),
                cursor == null ? null : cursor.textAt(2),
                limit + 1);
        return pool.preparedQuery(AnalyticsSql.FRAUD_FLAGS).execute(params).map(rows -> {
            JsonArray flags = new JsonArray();
            String next = null;
            for (Row row : rows) {
                if (flags.size() == limit) {
                    JsonObject last = flags.getJsonObject(limit - 1);
                    next = Cursor.encode("f", last.getString("occurredAt"), last.getLong("orderId"), last.getString("rule"));
                    break;
                }
                flags.add(new JsonObject()
                        .put("orderId", row.getLong(0))
                        .put("rule", row.getString(1))
                        .put("customerId", row.getLong(2))
                        .put("occurredAt", Times.iso(row.getOffsetDateTime(3)))
                        .put("region", row.getString(4))
                        .put("revenue", Money.normalized(row.getBigDecimal(5)))
                        .put("reason", row.getString(6))
                        .put("flaggedAt", Times.iso(row.getOffsetDateTime(7))));
            }
            return new JsonObject()
                    .put("from", range.from().toString())
                    .put("to", range.to().toString())
                    .put("flags", flags)
                    .put("nextCursor", next);
        });
    }
}
