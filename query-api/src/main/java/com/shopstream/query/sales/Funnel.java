package com.shopstream.query.sales;

import com.shopstream.query.api.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The sessions that started in the whole hours [from, to) reaching each funnel step, with the
 * conversion from the step before and overall (null where there is no session to convert from).
 * {@link #toJson()} is the answer of {@code GET /v1/funnel}.
 */
public record Funnel(Instant from, Instant to, String category, String region, List<Step> steps, BigDecimal overallConversion) implements Answer {

    public record Step(String step, long sessions, BigDecimal conversionFromPrevious) {
    }

    @Override
    public JsonObject toJson() {
        JsonArray stepsJson = new JsonArray();
        steps.forEach(s -> stepsJson.add(new JsonObject()
                .put("step", s.step()).put("sessions", s.sessions()).put("conversionFromPrevious", s.conversionFromPrevious())));
        return new JsonObject()
                .put("from", from.toString())
                .put("to", to.toString())
                .put("category", category)
                .put("region", region)
                .put("steps", stepsJson)
                .put("overallConversion", overallConversion);
    }
}
