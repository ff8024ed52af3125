package com.shopstream.query.recommendations;

import com.shopstream.query.api.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The products nearest to {@code productId} by embedding; {@link #toJson()} is the answer of {@code GET /v1/products/{id}/similar}. */
record SimilarProducts(long productId, List<NearestProducts.Neighbour> similar) implements Answer {

    @Override
    public JsonObject toJson() {
        JsonArray json = new JsonArray();
        similar.forEach(neighbour -> json.add(neighbour.toJson()));
        return new JsonObject().put("productId", productId).put("similar", json);
    }
}
