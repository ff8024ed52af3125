package com.shopstream.query.analytics;

import com.shopstream.query.api.Answer;
import com.shopstream.query.api.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The products most often in the same order as {@code productId}, as of the last fold of the
 * market basket changes; {@link #toJson()} is the answer of {@code GET /v1/products/{id}/bought-together}.
 */
record BoughtTogetherPage(long productId, OffsetDateTime asOf, Long ordersWithProduct, List<Partner> products, String nextCursor)
        implements Answer {

    /** A product bought with it; its category is "unknown" when the catalog lacks it. */
    record Partner(long productId, String name, String category, PairStats stats) {
    }

    @Override
    public JsonObject toJson() {
        JsonArray json = new JsonArray();
        products.forEach(p -> json.add(p.stats().addTo(new JsonObject()
                .put("productId", p.productId()).put("name", p.name()).put("category", p.category()))));
        return new JsonObject()
                .put("productId", productId)
                .put("asOf", Times.iso(asOf))
                .put("ordersWithProduct", ordersWithProduct)
                .put("products", json)
                .put("nextCursor", nextCursor);
    }
}
