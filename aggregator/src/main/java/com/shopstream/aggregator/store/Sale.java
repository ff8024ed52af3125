package com.shopstream.aggregator.store;

import com.shopstream.contract.OrderLine;
import com.shopstream.contract.ShopEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An order as the rollups and realtime windows see it: its lines carry their category. A
 * cancellation is the same order with the opposite sign, counted in the bucket of the order's time.
 */
public record Sale(long orderId, Instant occurredAt, String region, List<Line> lines, boolean cancelled) {

    static final String UNKNOWN_CATEGORY = "unknown";

    public record Line(long productId, String category, int quantity, BigDecimal unitPrice) {
        public BigDecimal total() {
            return unitPrice.multiply(BigDecimal.valueOf(quantity));
        }
    }

    static Sale of(ShopEvent order, Map<Long, String> categories) {
        List<Line> lines = order.items().stream()
                .map(item -> new Line(item.productId(), categoryOf(item, categories), item.quantity(), item.unitPrice()))
                .toList();
        return new Sale(order.orderId(), order.occurredAt(), order.region(), lines, false);
    }

    /** The effect of cancelling this order: every measure negated, in the same buckets. */
    public Sale cancellation() {
        return new Sale(orderId, occurredAt, region, lines, true);
    }

    /** +1 for an order, -1 for its cancellation. */
    public int sign() {
        return cancelled ? -1 : 1;
    }

    private static String categoryOf(OrderLine item, Map<Long, String> categories) {
        return categories.getOrDefault(item.productId(), UNKNOWN_CATEGORY);
    }
}
