package com.shopstream.query.analytics;

import com.shopstream.query.api.Answer;
import com.shopstream.query.api.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Customers by the period of their first order, and how many of them ordered again in each period
 * since, up to the data's as-of time. {@link #toJson()} is the answer of {@code GET /v1/cohorts}.
 */
record CohortTable(String period, OffsetDateTime from, OffsetDateTime to, OffsetDateTime asOf, List<Cohort> cohorts,
                   String nextCursor) implements Answer {

    record Cohort(OffsetDateTime start, long customers, List<Retention> retention) {
    }

    /** The cohort's customers active in its {@code period}-th period after its own, and their share. */
    record Retention(long period, OffsetDateTime start, long customers, BigDecimal rate) {
    }

    @Override
    public JsonObject toJson() {
        JsonArray cohortsJson = new JsonArray();
        for (Cohort cohort : cohorts) {
            JsonArray retention = new JsonArray();
            cohort.retention().forEach(r -> retention.add(new JsonObject()
                    .put("period", r.period()).put("start", Times.iso(r.start())).put("customers", r.customers()).put("rate", r.rate())));
            cohortsJson.add(new JsonObject().put("cohort", Times.iso(cohort.start())).put("customers", cohort.customers())
                    .put("retention", retention));
        }
        return new JsonObject()
                .put("period", period)
                .put("from", Times.iso(from))
                .put("to", Times.iso(to))
                .put("asOf", Times.iso(asOf))
                .put("cohorts", cohortsJson)
                .put("nextCursor", nextCursor);
    }
}
