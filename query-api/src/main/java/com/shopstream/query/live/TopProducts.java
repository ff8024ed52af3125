package com.shopstream.query.live;

import com.shopstream.query.api.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The best sellers of the window ending {@code asOf}, by revenue, named from the catalog.
 * {@link #toJson()} is the answer of {@code GET /v1/products/top}.
 */
public record TopProducts(Window window, Instant asOf, Instant from, List<Product> products) implements Answer {

    /** A product's sales in the window; its name is null and its category "unknown" when the catalog lacks it. */
    public record Product(long productId, String name, String category, BigDecimal revenue, long units) {

        JsonObject toJson() {
            return new JsonObject().put("productId", productId).put("name", name).put("category", category)
                    .put("revenue", revenue).put("units", units);
        }
    }

    @Override
    public JsonObject toJson() {
        return window.describe(asOf, from).put("products", productsJson());
    }

    JsonArray productsJson() {
        JsonArray json = new JsonArray();
        products.forEach(product -> json.add(product.toJson()));
        return json;
    }
}
