package com.shopstream.query.recommendations;

import com.shopstream.common.Money;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.math.BigDecimal;

/** A catalog product as recommendations, similar products and search results show it. */
record ProductCard(long id, String name, String category, BigDecimal price, Long stock) {

    /** From the columns id, name, category, price and stock of a row. */
    static ProductCard of(Row row) {
        return new ProductCard(row.getLong(0), row.getString(1), row.getString(2), Money.normalized(row.getBigDecimal(3)), row.getLong(4));
    }

    JsonObject toJson() {
        return new JsonObject().put("id", id).put("name", name).put("category", category).put("price", price).put("stock", stock);
    }
}
