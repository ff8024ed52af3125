package com.shopstream.query.api;

import com.shopstream.common.Money;
import com.shopstream.common.realtime.RealtimeKeys;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;

/** Revenue, orders and units summed over buckets; revenue in cents while summing. */
public final class Measures {

    long revenueCents;
    long orders;
    long units;

    public void add(String measure, long value) {
        switch (measure) {
            case RealtimeKeys.REVENUE -> revenueCents += value;
            case RealtimeKeys.ORDERS -> orders += value;
            case RealtimeKeys.UNITS -> units += value;
            default -> {
                // a measure this version does not serve
            }
        }
    }

    public long revenueCents() {
        return revenueCents;
    }

    BigDecimal revenue() {
        return Money.fromCents(revenueCents);
    }

    public JsonObject toJson() {
        return new JsonObject().put("revenue", revenue()).put("orders", orders).put("units", units);
    }

    public static JsonObject toJson(BigDecimal revenue, long orders, long units) {
        return new JsonObject().put("revenue", Money.normalized(revenue)).put("orders", orders).put("units", units);
    }
}
