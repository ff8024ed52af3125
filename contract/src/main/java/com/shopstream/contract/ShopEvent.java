package com.shopstream.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A validated shop event. Optional fields are null when absent; {@code items} is empty for events
 * that are not orders; {@code stockDelta} and {@code reason} belong to inventory adjustments.
 * Instances read from JSON come from {@link EventValidator}, so every rule of the contract holds for them.
 */
public record ShopEvent(
        UUID eventId,
        EventType type,
        Instant occurredAt,
        long customerId,
        String sessionId,
        String region,
        Long orderId,
        List<OrderLine> items,
        Long productId,
        Integer stockDelta,
        StockReason reason) {

    /** An event that is not an inventory adjustment. */
    public ShopEvent(UUID eventId, EventType type, Instant occurredAt, long customerId, String sessionId, String region,
                     Long orderId, List<OrderLine> items, Long productId) {
        this(eventId, type, occurredAt, customerId, sessionId, region, orderId, items, productId, null, null);
    }

    public ShopEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        items = items == null ? List.of() : List.copyOf(items);
    }

    public boolean isOrder() {
        return type == EventType.ORDER_PLACED;
    }

    /** The same event at another time: how producers' late and out-of-order events look. */
    public ShopEvent at(Instant time) {
        return new ShopEvent(eventId, type, time, customerId, sessionId, region, orderId, items, productId, stockDelta, reason);
    }

    /** The order's revenue: the sum of quantity × unit price over its lines. */
    public BigDecimal revenue() {
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        for (OrderLine line : items) {
            total = total.add(line.lineTotal());
        }
        return total;
    }

    public int units() {
        int units = 0;
        for (OrderLine line : items) {
            units += line.quantity();
        }
        return units;
    }
}
