package com.shopstream.query.recommendations;

import com.shopstream.query.api.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Products for one customer, and which strategy chose them: {@code personal} (nearest to their
 * taste) or {@code popular} (their region's best sellers, with the region, null when unknown).
 * {@link #toJson()} is the answer of {@code GET /v1/customers/{id}/recommendations}.
 */
record Recommendations(long customerId, String strategy, String region, List<? extends Recommended> recommendations)
        implements Answer {

    static final String PERSONAL = "personal";
    static final String POPULAR = "popular";

    /** One recommended product, with what made it one. */
    interface Recommended {
        JsonObject toJson();
    }

    /** A best seller of the customer's region over the last seven days. */
    record Popular(ProductCard product, long unitsLast7Days, long customersLast7Days) implements Recommended {

        @Override
        public JsonObject toJson() {
            return product.toJson().put("unitsLast7Days", unitsLast7Days).put("customersLast7Days", customersLast7Days);
        }
    }

    static Recommendations personal(long customerId, List<NearestProducts.Neighbour> products) {
        return new Recommendations(customerId, PERSONAL, null, products);
    }

    static Recommendations popular(long customerId, String region, List<Popular> products) {
        return new Recommendations(customerId, POPULAR, region, products);
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("customerId", customerId).put("strategy", strategy);
        if (strategy.equals(POPULAR)) {
            json.put("region", region);
        }
        JsonArray products = new JsonArray();
        recommendations.forEach(r -> products.add(r.toJson()));
        return json.put("recommendations", products);
    }
}
