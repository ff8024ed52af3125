package com.shopstream.aggregator.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SalesRollupTest {

    private static Sale.Line line(long product, String category, int quantity, String price) {
        return new Sale.Line(product, category, quantity, new BigDecimal(price));
    }

    private static final Instant T = Instant.parse("2026-11-28T10:15:42.5Z");

    @Test
    @DisplayName("An order with lines in two categories counts once per region and once in each category")
    void ordersCountedOncePerCategory() {
        Sale order = new Sale(1, T, "eu-west", List.of(
                line(1, "books", 2, "0.10"), line(2, "books", 1, "0.20"), line(3, "music", 3, "1.00")), false);

        SalesRollup.Deltas deltas = SalesRollup.of(List.of(order));

        assertThat(deltas.regionMinute()).containsExactly(
                new SalesRollup.Row(Instant.parse("2026-11-28T10:15:00Z"), null, "eu-west", new BigDecimal("3.40"), 1, 6));
        assertThat(deltas.categoryRegionMinute()).containsExactly(
                new SalesRollup.Row(Instant.parse("2026-11-28T10:15:00Z"), "books", "eu-west", new BigDecimal("0.40"), 1, 3),
                new SalesRollup.Row(Instant.parse("2026-11-28T10:15:00Z"), "music", "eu-west", new BigDecimal("3.00"), 1, 3));
    }

    @Test
    @DisplayName("Orders are summed per minute and key, rows come sorted by bucket, category, region, and the touched hours are named")
    void bucketsAndOrder() {
        Sale a = new Sale(1, T, "us-east", List.of(line(1, "books", 1, "5.55")), false);
        Sale b = new Sale(2, T.plusSeconds(10), "eu-west", List.of(line(1, "books", 1, "4.45")), false);
        Sale c = new Sale(3, T.plusSeconds(30), "eu-west", List.of(line(1, "books", 2, "1.00")), false);
        Sale late = new Sale(4, T.minusSeconds(3600), "eu-west", List.of(line(1, "books", 1, "9.99")), false);

        SalesRollup.Deltas deltas = SalesRollup.of(List.of(a, b, c, late));

        assertThat(deltas.regionMinute()).extracting(r -> r.bucket() + " " + r.region() + " " + r.revenue() + " " + r.orders() + " " + r.units())
                .containsExactly(
                        "2026-11-28T09:15:00Z eu-west 9.99 1 1",
                        "2026-11-28T10:15:00Z eu-west 4.45 1 1",
                        "2026-11-28T10:15:00Z us-east 5.55 1 1",
                        "2026-11-28T10:16:00Z eu-west 2.00 1 2");
        assertThat(deltas.categoryRegionMinute()).hasSize(4);
        assertThat(deltas.touchedHours()).containsExactly(
                Instant.parse("2026-11-28T09:00:00Z"), Instant.parse("2026-11-28T10:00:00Z"));
    }

    @Test
    @DisplayName("No sales, no rows")
    void empty() {
        assertThat(SalesRollup.of(List.of()).isEmpty()).isTrue();
    }

    @Test
    @DisplayName("A cancellation takes back exactly what its order added, in the order's buckets")
    void cancellationNegates() {
        Sale order = new Sale(1, T, "eu-west", List.of(line(1, "books", 2, "0.10"), line(3, "music", 1, "1.00")), false);
        Sale other = new Sale(2, T, "eu-west", List.of(line(1, "books", 1, "0.10")), false);

        SalesRollup.Deltas deltas = SalesRollup.of(List.of(order, other, order.cancellation()));

        assertThat(deltas.regionMinute()).containsExactly(
                new SalesRollup.Row(Instant.parse("2026-11-28T10:15:00Z"), null, "eu-west", new BigDecimal("0.10"), 1, 1));
        assertThat(deltas.categoryRegionMinute()).extracting(r -> r.category() + " " + r.revenue() + " " + r.orders() + " " + r.units())
                .containsExactly("books 0.10 1 1", "music 0.00 0 0");
        SalesRollup.Deltas alone = SalesRollup.of(List.of(order.cancellation()));
        assertThat(alone.regionMinute()).extracting(r -> r.revenue() + " " + r.orders() + " " + r.units())
                .containsExactly("-1.20 -1 -3");
        assertThat(alone.touchedHours()).containsExactly(Instant.parse("2026-11-28T10:00:00Z"));
    }
}
