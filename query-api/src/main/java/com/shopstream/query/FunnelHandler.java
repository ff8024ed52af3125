package com.shopstream.query;

import com.shopstream.common.HttpResponses;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

/**
 * {@code GET /v1/funnel?from&to[&category][&region]}: sessions reaching each step of
 * product_viewed → cart_added → checkout_started → order_placed, with the conversion from the
 * step before and overall. A session reaches a step when it has events of it and of every earlier
 * step within the range.
 */
final class FunnelHandler implements Handler<RoutingContext> {

    static final List<String> STEPS = List.of("product_viewed", "cart_added", "checkout_started", "order_placed");
    private static final Duration MAX_RANGE = Duration.ofDays(31);

    private final Pool pool;

    FunnelHandler(Pool pool) {
        this.pool = pool;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Params.Range range = Params.range(ctx, MAX_RANGE);
        String category = Params.category(ctx, "category");
        String region = Params.region(ctx, "region");
        Tuple params = Tuple.of(range.from().atOffset(ZoneOffset.UTC), range.to().atOffset(ZoneOffset.UTC), category, region);
        pool.preparedQuery(AnalyticsSql.FUNNEL).execute(params).onSuccess(rows -> {
            Row row = rows.iterator().next();
            JsonArray steps = new JsonArray();
            long first = row.getLong(0);
            long previous = first;
            for (int i = 0; i < STEPS.size(); i++) {
                long sessions = row.getLong(i);
                steps.add(new JsonObject()
                        .put("step", STEPS.get(i))
                        .put("sessions", sessions)
                        .put("conversionFromPrevious", i == 0 ? null : Ratios.of(sessions, previous)));
                previous = sessions;
            }
            JsonObject body = new JsonObject()
                    .put("from", range.from().toString())
                    .put("to", range.to().toString())
                    .put("category", category)
                    .put("region", region)
                    .put("steps", steps)
                    .put("overallConversion", Ratios.of(previous, first));
            HttpResponses.json(ctx, 200, body);
        }).onFailure(ctx::fail);
    }
}
