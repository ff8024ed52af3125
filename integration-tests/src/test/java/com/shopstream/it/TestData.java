package com.shopstream.it;

import com.shopstream.contract.EventType;
import com.shopstream.contract.OrderLine;
import com.shopstream.contract.ShopEvent;
import com.shopstream.contract.StockReason;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Events and catalog rows that no other test or load run can collide with: fresh regions,
 * categories, product ids, customer ids and order ids, so each test can check exact totals of its own.
 */
final class TestData {

    private TestData() {
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36 * 36), 36);
    }

    static long uniqueId() {
        return ThreadLocalRandom.current().nextLong(1_000_000_000_000L, 9_000_000_000_000_000L);
    }

    /** Now, to the microsecond (the precision PostgreSQL keeps). */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    static OrderLine line(long productId, int quantity, String unitPrice) {
        return new OrderLine(productId, quantity, new BigDecimal(unitPrice));
    }

    static ShopEvent order(long customerId, String region, Instant at, OrderLine... lines) {
        return order(UUID.randomUUID(), uniqueId(), customerId, region, at, lines);
    }

    static ShopEvent order(UUID eventId, long orderId, long customerId, String region, Instant at, OrderLine... lines) {
        return new ShopEvent(eventId, EventType.ORDER_PLACED, at, customerId, "s-" + customerId, region, orderId,
                List.of(lines), null);
    }

    static ShopEvent cancellation(long customerId, long orderId, Instant at) {
        return new ShopEvent(UUID.randomUUID(), EventType.ORDER_CANCELLED, at, customerId, "s-" + customerId, null, orderId,
                List.of(), null);
    }

    static ShopEvent stockAdjustment(long productId, int delta, StockReason reason, Instant at) {
        return new ShopEvent(UUID.randomUUID(), EventType.INVENTORY_ADJUSTED, at, 1, null, null, null, List.of(), productId,
                delta, reason);
    }

    static ShopEvent view(long customerId, Instant at, long productId) {
        return new ShopEvent(UUID.randomUUID(), EventType.PRODUCT_VIEWED, at, customerId, "s-" + customerId, null, null,
                List.of(), productId);
    }

    /** A behaviour event (view, cart add, checkout) of a session in a region. */
    static ShopEvent step(EventType type, long customerId, String sessionId, String region, Instant at, Long productId) {
        return new ShopEvent(UUID.randomUUID(), type, at, customerId, sessionId, region, null, List.of(), productId);
    }

    static ShopEvent order(long customerId, String sessionId, String region, Instant at, OrderLine... lines) {
        return new ShopEvent(UUID.randomUUID(), EventType.ORDER_PLACED, at, customerId, sessionId, region, uniqueId(),
                List.of(lines), null);
    }

    /** Creates a category and a product in it at the given price; returns the product id. */
    static long product(Stack stack, String category, String price) {
        stack.sql("INSERT INTO categories (name) VALUES ($1) ON CONFLICT (name) DO NOTHING", category);
        long id = uniqueId();
        stack.sql("""
                WITH inserted AS (
                    INSERT INTO products (id, name, description, category_id, brand, price)
                    SELECT $1, $2, 'integration test product', c.id, 'Testbrand', $3::text::numeric FROM categories c WHERE c.name = $4
                    RETURNING id)
                INSERT INTO product_stock (product_id, stock) SELECT id, 10 FROM inserted""",
                id, "Test product " + id, price, category);
        return id;
    }
}
