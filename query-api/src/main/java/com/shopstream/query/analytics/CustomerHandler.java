package com.shopstream.query.analytics;

import com.shopstream.query.api.ApiException;
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
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;

/**
 * {@code GET /v1/customers/{id}[?orders=10]}: one customer's orders and spend (live, net of
 * cancellations), their most recent orders, lifetime value, and RFM scores and segment as of the
 * {@code customer_rfm} view's last refresh. 404 for a customer who never ordered.
 */
public final class CustomerHandler implements JsonAnswer {

    private final Pool pool;

    public CustomerHandler(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<JsonObject> answer(RoutingContext ctx) {
        long customerId = Params.pathId(ctx, "customerId");
        int recent = Params.integer(ctx, "orders", 10, 0, 100);
        Tuple id = Tuple.of(customerId);
        Future<RowSet<Row>> history = pool.preparedQuery(AnalyticsSql.CUSTOMER_HISTORY).execute(id);
        Future<RowSet<Row>> orders = pool.preparedQuery(AnalyticsSql.CUSTOMER_RECENT_ORDERS).execute(Tuple.of(customerId, recent));
        Future<RowSet<Row>> rfm = pool.preparedQuery(AnalyticsSql.CUSTOMER_RFM).execute(id);
        Future<RowSet<Row>> base = pool.preparedQuery(AnalyticsSql.CUSTOMER_BASE).execute();
        return Future.all(history, orders, rfm, base).map(all -> {
            Row totals = history.result().iterator().next();
            long placed = totals.getLong(0);
            long cancelled = totals.getLong(2);
            if (placed + cancelled == 0) {
                throw ApiException.notFound("customer " + customerId + " has no orders");
            }
            Instant now = Instant.now();
            Row population = base.result().size() == 0 ? null : base.result().iterator().next();
            LifetimeValue value = LifetimeValue.estimate(placed, totals.getBigDecimal(1),
                    placed == 0 ? now : totals.getOffsetDateTime(3).toInstant(), now,
                    population == null ? 0 : population.getLong(0), population == null ? 0 : population.getLong(1));
            JsonObject body = new JsonObject()
                    .put("customerId", customerId)
                    .put("orders", placed)
                    .put("cancelledOrders", cancelled)
                    .put("totalSpent", value.historical())
                    .put("firstOrderAt", Times.iso(totals.getOffsetDateTime(3)))
                    .put("lastOrderAt", Times.iso(totals.getOffsetDateTime(4)))
                    .put("rfm", rfm(rfm.result()))
                    .put("clv", value.toJson())
                    .put("recentOrders", recentOrders(orders.result()));
            return body;
        });
    }

    /** The scores and segment, or null when the customer is not in the view yet (or has only cancelled orders). */
    private static JsonObject rfm(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        Row row = rows.iterator().next();
        return new JsonObject()
                .put("recency", row.getInteger(0))
                .put("frequency", row.getInteger(1))
                .put("monetary", row.getInteger(2))
                .put("segment", row.getString(3))
                .put("asOf", Times.iso(row.getOffsetDateTime(4)));
    }

    private static JsonArray recentOrders(RowSet<Row> rows) {
        JsonArray orders = new JsonArray();
        for (Row row : rows) {
            orders.add(new JsonObject()
                    .put("orderId", row.getLong(0))
                    .put("occurredAt", Times.iso(row.getOffsetDateTime(1)))
                    .put("region", row.getString(2))
                    .put("revenue", Money.normalized(row.getBigDecimal(3)))
                    .put("units", row.getInteger(4))
                    .put("cancelledAt", Times.iso(row.getOffsetDateTime(5))));
        }
        return orders;
    }
}
