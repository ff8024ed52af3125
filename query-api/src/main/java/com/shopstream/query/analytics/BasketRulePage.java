package com.shopstream.query.analytics;

import com.shopstream.query.api.Answer;
import com.shopstream.query.api.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Association rules between products bought in the same order, strongest support first, as of the
 * last fold of the market basket changes; {@link #toJson()} is the answer of {@code GET /v1/basket/rules}.
 */
record BasketRulePage(BigDecimal minSupport, BigDecimal minConfidence, OffsetDateTime asOf, Long orders, List<Rule> rules,
                      String nextCursor) implements Answer {

    /** Orders holding the antecedent also hold the consequent, with the pair's statistics. */
    record Rule(long antecedentId, String antecedentName, long consequentId, String consequentName, PairStats stats) {
    }

    @Override
    public JsonObject toJson() {
        JsonArray json = new JsonArray();
        rules.forEach(rule -> json.add(rule.stats().addTo(new JsonObject()
                .put("antecedent", new JsonObject().put("productId", rule.antecedentId()).put("name", rule.antecedentName()))
                .put("consequent", new JsonObject().put("productId", rule.consequentId()).put("name", rule.consequentName())))));
        return new JsonObject()
                .put("minSupport", minSupport)
                .put("minConfidence", minConfidence)
                .put("asOf", Times.iso(asOf))
                .put("orders", orders)
                .put("rules", json)
                .put("nextCursor", nextCursor);
    }
}
