package com.shopstream.query.catalog;

import com.shopstream.query.api.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;

/** A page of the catalog in id order; {@link #toJson()} is the answer of {@code GET /v1/products}. */
record ProductPage(List<Product> products, String nextCursor) implements Answer {

    record Product(long id, String name, String category, String brand, BigDecimal price, Long stock) {
    }

    @Override
    public JsonObject toJson() {
        JsonArray json = new JsonArray();
        products.forEach(p -> json.add(new JsonObject().put("id", p.id()).put("name", p.name()).put("category", p.category())
                .put("brand", p.brand()).put("price", p.price()).put("stock", p.stock())));
        return new JsonObject().put("products", json).put("nextCursor", nextCursor);
    }
}
