package com.shopstream.query.analytics;

import com.shopstream.common.Money;
import com.shopstream.query.api.Answer;
import com.shopstream.query.api.Ratios;
import com.shopstream.query.api.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Customers, orders and revenue per RFM segment, with each segment's share, as of the
 * {@code customer_rfm} view's refresh; {@link #toJson()} is the answer of {@code GET /v1/segments}.
 */
record SegmentSummary(OffsetDateTime asOf, long customers, BigDecimal revenue, List<Segment> segments) implements Answer {

    record Segment(String name, long customers, long orders, BigDecimal revenue) {
    }

    @Override
    public JsonObject toJson() {
        JsonArray json = new JsonArray();
        segments.forEach(s -> json.add(new JsonObject()
                .put("segment", s.name())
                .put("customers", s.customers())
                .put("customerShare", Ratios.of(s.customers(), customers))
                .put("orders", s.orders())
                .put("revenue", Money.normalized(s.revenue()))
                .put("revenueShare", Ratios.of(s.revenue(), revenue))));
        return new JsonObject()
                .put("asOf", Times.iso(asOf))
                .put("customers", customers)
                .put("revenue", Money.normalized(revenue))
                .put("segments", json);
    }
}
