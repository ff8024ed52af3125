package com.shopstream.aggregator.store;

import com.shopstream.contract.EventType;
import com.shopstream.contract.OrderLine;
import com.shopstream.contract.ShopEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a batch adds to customers' affinities to products, the parts of their taste vectors: each
 * view, cart add and purchase (per order line) weighs its action's weight times
 * 2^((event time - {@link #EPOCH}) / {@link #HALF_LIFE}). Weights that grow with event time rather
 * than decay with age make the affinity a plain sum, the same whatever order events arrive in;
 * comparing a customer's affinities to each other, recent events count as much more as a 30-day
 * half-life would make them.
 */
final class Affinities {

    static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration HALF_LIFE = Duration.ofDays(30);
    static final double VIEW = 1;
    static final double CART_ADD = 3;
    static final double PURCHASE = 5;

    /** A customer and a product. */
    record Key(long customerId, long productId) {
    }

    /** The summed weight and count of a batch's events on a key, with the time and region of the latest. */
    record Delta(double weight, int events, Instant lastAt, String lastRegion) {

        Delta plus(Delta other) {
            boolean otherIsLater = other.lastAt.isAfter(lastAt)
                    || (other.lastAt.equals(lastAt) && other.lastRegion.compareTo(lastRegion) > 0);
            return new Delta(weight + other.weight, events + other.events,
                    otherIsLater ? other.lastAt : lastAt, otherIsLater ? other.lastRegion : lastRegion);
        }
    }

    private static final Comparator<Key> KEY_ORDER = (a, b) -> {
        int customer = Long.compare(a.customerId(), b.customerId());
        return customer != 0 ? customer : Long.compare(a.productId(), b.productId());
    };

    private Affinities() {
    }

    /** The batch's deltas, sorted by key so that concurrent batches lock rows in one order. */
    static Map<Key, Delta> of(List<ShopEvent> stored) {
        Map<Key, Delta> deltas = new TreeMap<>(KEY_ORDER);
        for (ShopEvent event : stored) {
            if (event.type() == EventType.PRODUCT_VIEWED) {
                add(deltas, event, event.productId(), VIEW);
            } else if (event.type() == EventType.CART_ADDED) {
                add(deltas, event, event.productId(), CART_ADD);
            } else if (event.isOrder()) {
                for (OrderLine line : event.items()) {
                    add(deltas, event, line.productId(), PURCHASE);
                }
            }
        }
        return deltas;
    }

    static double weight(double action, Instant at) {
        return action * Math.pow(2, Duration.between(EPOCH, at).toMillis() / (double) HALF_LIFE.toMillis());
    }

    private static void add(Map<Key, Delta> deltas, ShopEvent event, Long productId, double action) {
        if (productId == null) {
            return;
        }
        Delta delta = new Delta(weight(action, event.occurredAt()), 1, event.occurredAt(), event.region() == null ? "" : event.region());
        deltas.merge(new Key(event.customerId(), productId), delta, Delta::plus);
    }
}
