package com.shopstream.query.sales;

import com.shopstream.query.api.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The buckets of [from, to) whose metric left its seasonal baseline's band, with how many were
 * scored; {@link #toJson()} is the answer of {@code GET /v1/sales/anomalies}.
 */
record SalesAnomalies(String metric, String granularity, Instant from, Instant to, BigDecimal threshold, int baselineDays,
                      int pointsScored, List<Anomaly> anomalies) implements Answer {

    /** A bucket's value, the band it left, and whether it went {@code above} or {@code below}. */
    record Anomaly(Instant bucket, BigDecimal value, BigDecimal expected, BigDecimal lower, BigDecimal upper, BigDecimal zScore,
                   String direction) {
    }

    @Override
    public JsonObject toJson() {
        JsonArray json = new JsonArray();
        anomalies.forEach(a -> json.add(new JsonObject()
                .put("bucket", a.bucket().toString())
                .put("value", a.value())
                .put("expected", a.expected())
                .put("lower", a.lower())
                .put("upper", a.upper())
                .put("zScore", a.zScore())
                .put("direction", a.direction())));
        return new JsonObject()
                .put("metric", metric)
                .put("granularity", granularity)
                .put("from", from.toString())
                .put("to", to.toString())
                .put("threshold", threshold)
                .put("baselineDays", baselineDays)
                .put("pointsScored", pointsScored)
                .put("anomalies", json);
    }
}
