package com.shopstream.aggregator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.shopstream.contract.EventType;
import com.shopstream.contract.OrderLine;
import com.shopstream.contract.ShopEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AffinitiesTest {

    private static final Instant T = Instant.parse("2026-03-02T10:00:00Z");

    @Test
    @DisplayName("Views weigh 1, cart adds 3, purchases 5 per line, each doubled per 30 days after the epoch")
    void weights() {
        Map<Affinities.Key, Affinities.Delta> deltas = Affinities.of(List.of(
                event(EventType.PRODUCT_VIEWED, 7, 100L, T, "eu"),
                event(EventType.CART_ADDED, 7, 100L, T.plus(Duration.ofDays(30)), "us"),
                order(7, T, "apac", 100L, 200L),
                event(EventType.PRODUCT_VIEWED, 8, null, T, "eu")));

        double base = Math.pow(2, Duration.between(Affinities.EPOCH, T).toMillis() / (double) Duration.ofDays(30).toMillis());
        Affinities.Delta hundred = deltas.get(new Affinities.Key(7, 100));
        assertThat(hundred.weight()).isCloseTo(base * (1 + 3 * 2 + 5), within(1e-9 * base));
        assertThat(hundred.events()).isEqualTo(3);
        assertThat(hundred.lastAt()).isEqualTo(T.plus(Duration.ofDays(30)));
        assertThat(hundred.lastRegion()).isEqualTo("us");
        assertThat(deltas.get(new Affinities.Key(7, 200)).weight()).isCloseTo(5 * base, within(1e-9 * base));
        assertThat(deltas).hasSize(2);
    }

    @Test
    @DisplayName("The same events in another order give the same deltas, ties in time going to the greater region")
    void orderIndependent() {
        List<ShopEvent> events = new ArrayList<>(List.of(
                event(EventType.PRODUCT_VIEWED, 1, 5L, T, "eu"),
                event(EventType.PRODUCT_VIEWED, 1, 5L, T, "us"),
                event(EventType.CART_ADDED, 1, 5L, T.minusSeconds(60), "apac"),
                event(EventType.PRODUCT_VIEWED, 2, 5L, T, "eu")));
        Map<Affinities.Key, Affinities.Delta> forward = Affinities.of(events);
        java.util.Collections.reverse(events);
        Map<Affinities.Key, Affinities.Delta> backward = Affinities.of(events);

        assertThat(backward.keySet()).containsExactlyElementsOf(forward.keySet());
        forward.forEach((key, delta) -> {
            assertThat(backward.get(key).weight()).isCloseTo(delta.weight(), within(1e-12 * delta.weight()));
            assertThat(backward.get(key).lastRegion()).isEqualTo(delta.lastRegion());
        });
        assertThat(forward.get(new Affinities.Key(1, 5)).lastRegion()).isEqualTo("us");
        assertThat(forward.keySet()).extracting(Affinities.Key::customerId).isSorted();
    }

    private static ShopEvent event(EventType type, long customer, Long product, Instant at, String region) {
        return new ShopEvent(UUID.randomUUID(), type, at, customer, "s", region, null, List.of(), product);
    }

    private static ShopEvent order(long customer, Instant at, String region, long... products) {
        List<OrderLine> lines = new ArrayList<>();
        for (long product : products) {
            lines.add(new OrderLine(product, 1, BigDecimal.ONE));
        }
        return new ShopEvent(UUID.randomUUID(), EventType.ORDER_PLACED, at, customer, "s", region, 42L, lines, null);
    }
}
