package com.shopstream.query.analytics;

import com.shopstream.query.api.Cursor;
import com.shopstream.query.api.JsonAnswer;
import com.shopstream.query.api.Params;
import com.shopstream.query.api.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * {@code GET /v1/inventory/alerts[?leadTimeDays=7][&safetyDays=3][&horizonDays=7][&coverDays=30][&limit][&cursor]}:
 * products whose stock, projected {@code horizonDays} ahead at their 7-day sales velocity, falls
 * below their reorder point (velocity × (lead time + safety days)), fewest days of cover first,
 * each with a suggested reorder quantity that brings the projection back to the reorder point
 * plus {@code coverDays} of sales. Stock is live; velocity is as of the {@code product_velocity}
 * view's last refresh.
 */
public final class InventoryAlertsHandler implements JsonAnswer {

    private final Pool pool;

    public InventoryAlertsHandler(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<JsonObject> answer(RoutingContext ctx) {
        int leadTimeDays = Params.integer(ctx, "leadTimeDays", 7, 0, 365);
        int safetyDays = Params.integer(ctx, "safetyDays", 3, 0, 365);
        int horizonDays = Params.integer(ctx, "horizonDays", 7, 0, 365);
        int coverDays = Params.integer(ctx, "coverDays", 30, 0, 365);
        int limit = Params.integer(ctx, "limit", 50, 1, 500);
        Cursor cursor = Cursor.from(ctx, "i", 2);
        Tuple params = Tuple.of(leadTimeDays, safetyDays, horizonDays, coverDays,
                cursor == null ? null : cursor.decimalAt(0), cursor == null ? null : cursor.longAt(1), limit + 1);
        return pool.preparedQuery(AnalyticsSql.INVENTORY_ALERTS).execute(params).map(rows -> {
            JsonArray alerts = new JsonArray();
            String next = null;
            String asOf = null;
            for (Row row : rows) {
                if (alerts.size() == limit) {
                    JsonObject last = alerts.getJsonObject(limit - 1);
                    next = Cursor.encode("i", last.getValue("daysOfCover"), last.getLong("productId"));
                    break;
                }
                asOf = Times.iso(row.getOffsetDateTime(10));
                alerts.add(new JsonObject()
                        .put("productId", row.getLong(0))
                        .put("name", row.getString(1))
                        .put("category", row.getString(2))
                        .put("stock", row.getLong(3))
                        .put("unitsSold7d", row.getLong(4))
                        .put("velocityPerDay", row.getBigDecimal(5))
                        .put("daysOfCover", row.getBigDecimal(6))
                        .put("reorderPoint", row.getLong(7))
                        .put("projectedStock", row.getBigDecimal(8))
                        .put("suggestedReorderQuantity", row.getLong(9)));
            }
            return new JsonObject()
                    .put("asOf", asOf)
                    .put("leadTimeDays", leadTimeDays)
                    .put("safetyDays", safetyDays)
                    .put("horizonDays", horizonDays)
                    .put("coverDays", coverDays)
                    .put("alerts", alerts)
                    .put("nextCursor", next);
        });
    }
}
