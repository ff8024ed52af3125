package com.shopstream.query.recommendations;

import com.shopstream.query.api.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/**
 * Products for one customer, and which strategy chose them: {@code personal} (nearest to their
 * taste) or {@code popular} (cold start, with the customer's region, null when unknown). Popular
 * products come from their region's best sellers, then from every region's, then from the
 * catalog's products in stock, and each says which of these chose it. {@link #toJson()} is the
 * answer of {@code GET /v1/customers/{id}/recommendations}.
 */
record Recommendations(long customerId, String strategy, String region, List<? extends Recommended> recommendations)
        implements Answer {

    static final String PERSONAL = "personal";
    static final String POPULAR = "popular";

    /** One recommended product, with what made it one. */
    interface Recommended {
        JsonObject toJson();
    }

    /** Where a cold-start product came from, in the order they are tried. */
    enum Source {
        /** The customer's region's best sellers over 7 days. */
        REGION,
        /** Every region's best sellers over 7 days. */
        EVERYWHERE,
        /** The catalog's products in stock, when too few sold. */
        CATALOG;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A cold-start product, with its units sold over the last 7 days (null from the catalog) and its
     * customers (only in the region: customers are counted per region).
     */
    record Popular(ProductCard product, Source source, Long unitsLast7Days, Long customersLast7Days) implements Recommended {

        @Override
        public JsonObject toJson() {
            return product.toJson().put("unitsLast7Days", unitsLast7Days).put("customersLast7Days", customersLast7Days)
                    .put("source", source.label());
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
