package com.shopstream.query.analytics;

import com.shopstream.query.api.Answer;
import com.shopstream.query.api.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One customer: orders and spend (live, net of cancellations), RFM scores (null until the customer
 * is in the view), lifetime value and recent orders; {@link #toJson()} is the answer of
 * {@code GET /v1/customers/{id}}.
 */
record CustomerProfile(long customerId, long orders, long cancelledOrders, OffsetDateTime firstOrderAt, OffsetDateTime lastOrderAt,
                       Rfm rfm, LifetimeValue clv, List<RecentOrder> recentOrders) implements Answer {

    record Rfm(Integer recency, Integer frequency, Integer monetary, String segment, OffsetDateTime asOf) {
    }

    record RecentOrder(long orderId, OffsetDateTime occurredAt, String region, BigDecimal revenue, Integer units,
                       OffsetDateTime cancelledAt) {
    }

    @Override
    public JsonObject toJson() {
        JsonArray recent = new JsonArray();
        recentOrders.forEach(o -> recent.add(new JsonObject()
                .put("orderId", o.orderId())
                .put("occurredAt", Times.iso(o.occurredAt()))
                .put("region", o.region())
                .put("revenue", o.revenue())
                .put("units", o.units())
                .put("cancelledAt", Times.iso(o.cancelledAt()))));
        return new JsonObject()
                .put("customerId", customerId)
                .put("orders", orders)
                .put("cancelledOrders", cancelledOrders)
                .put("totalSpent", clv.historical())
                .put("firstOrderAt", Times.iso(firstOrderAt))
                .put("lastOrderAt", Times.iso(lastOrderAt))
                .put("rfm", rfm == null ? null : new JsonObject()
                        .put("recency", rfm.recency())
                        .put("frequency", rfm.frequency())
                        .put("monetary", rfm.monetary())
                        .put("segment", rfm.segment())
                        .put("asOf", Times.iso(rfm.asOf())))
                .put("clv", clv.toJson())
                .put("recentOrders", recent);
    }
}
