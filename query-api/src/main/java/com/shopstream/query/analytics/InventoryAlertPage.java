package com.shopstream.query.analytics;

import com.shopstream.query.api.Answer;
import com.shopstream.query.api.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Products projected to fall below their reorder point, fewest days of cover first, with the
 * parameters they were judged by; {@link #toJson()} is the answer of {@code GET /v1/inventory/alerts}.
 */
record InventoryAlertPage(OffsetDateTime asOf, int leadTimeDays, int safetyDays, int horizonDays, int coverDays, List<Alert> alerts,
                          String nextCursor) implements Answer {

    record Alert(long productId, String name, String category, Long stock, Long unitsSold7d, BigDecimal velocityPerDay,
                 BigDecimal daysOfCover, Long reorderPoint, BigDecimal projectedStock, Long suggestedReorderQuantity) {
    }

    @Override
    public JsonObject toJson() {
        JsonArray json = new JsonArray();
        alerts.forEach(a -> json.add(new JsonObject()
                .put("productId", a.productId())
                .put("name", a.name())
                .put("category", a.category())
                .put("stock", a.stock())
                .put("unitsSold7d", a.unitsSold7d())
                .put("velocityPerDay", a.velocityPerDay())
                .put("daysOfCover", a.daysOfCover())
                .put("reorderPoint", a.reorderPoint())
                .put("projectedStock", a.projectedStock())
                .put("suggestedReorderQuantity", a.suggestedReorderQuantity())));
        return new JsonObject()
                .put("asOf", Times.iso(asOf))
                .put("leadTimeDays", leadTimeDays)
                .put("safetyDays", safetyDays)
                .put("horizonDays", horizonDays)
                .put("coverDays", coverDays)
                .put("alerts", json)
                .put("nextCursor", nextCursor);
    }
}
