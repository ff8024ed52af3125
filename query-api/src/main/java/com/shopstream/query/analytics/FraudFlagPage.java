package com.shopstream.query.analytics;

import com.shopstream.query.api.Answer;
import com.shopstream.query.api.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/** Orders flagged by the fraud rules in [from, to), newest first; {@link #toJson()} is the answer of {@code GET /v1/fraud/flags}. */
record FraudFlagPage(Instant from, Instant to, List<Flag> flags, String nextCursor) implements Answer {

    record Flag(long orderId, String rule, long customerId, OffsetDateTime occurredAt, String region, BigDecimal revenue,
                String reason, OffsetDateTime flaggedAt) {
    }

    @Override
    public JsonObject toJson() {
        JsonArray json = new JsonArray();
        flags.forEach(f -> json.add(new JsonObject()
                .put("orderId", f.orderId())
                .put("rule", f.rule())
                .put("customerId", f.customerId())
                .put("occurredAt", Times.iso(f.occurredAt()))
                .put("region", f.region())
                .put("revenue", f.revenue())
                .put("reason", f.reason())
                .put("flaggedAt", Times.iso(f.flaggedAt()))));
        return new JsonObject()
                .put("from", from.toString())
                .put("to", to.toString())
                .put("flags", json)
                .put("nextCursor", nextCursor);
    }
}
