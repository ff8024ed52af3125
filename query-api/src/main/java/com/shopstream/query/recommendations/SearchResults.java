package com.shopstream.query.recommendations;

import com.shopstream.query.api.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;

/** The fused results of a hybrid search; {@link #toJson()} is the answer of {@code GET /v1/search}. */
record SearchResults(String query, List<Result> results) implements Answer {

    /** A product with its rank in the full-text and in the vector ranking (null where it is not in one) and its fused score. */
    record Result(ProductCard product, Integer textRank, Integer vectorRank, BigDecimal score) {
    }

    @Override
    public JsonObject toJson() {
        JsonArray json = new JsonArray();
        results.forEach(r -> json.add(r.product().toJson().put("textRank", r.textRank()).put("vectorRank", r.vectorRank())
                .put("score", r.score())));
        return new JsonObject().put("query", query).put("results", json);
    }
}
