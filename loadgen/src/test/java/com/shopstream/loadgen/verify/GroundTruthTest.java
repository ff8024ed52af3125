package com.shopstream.loadgen.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.EventType;
import com.shopstream.contract.OrderLine;
import com.shopstream.contract.ShopEvent;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GroundTruthTest {

    private static final Instant T = Instant.parse("2026-11-28T04:00:30Z");
    private final GroundTruth truth = new GroundTruth(id -> id < 10 ? "books" : id < 20 ? "music" : GroundTruth.UNKNOWN_CATEGORY);

    private static ShopEvent event(EventType type, Instant at, String session, String region, OrderLine... lines) {
        boolean order = type == EventType.ORDER_PLACED;
        return new ShopEvent(UUID.randomUUID(), type, at, 1, session, region, order ? 1L : null, List.of(lines), order ? null : 5L);
    }

    private static OrderLine line(long product, int quantity, String price) {
        return new OrderLine(product, quantity, new BigDecimal(price));
    }

    @Test
    @DisplayName("Sales are summed per minute by region and category, an order counting once per category")
    void sales() {
        truth.record(event(EventType.ORDER_PLACED, T, "s1", "eu-west", line(1, 2, "0.10"), line(2, 1, "0.10"), line(11, 1, "5.00")));
        truth.record(event(EventType.ORDER_PLACED, T.plusSeconds(40), "s2", "us-east", line(25, 3, "1.00")));

        Instant minute = Instant.parse("2026-11-28T04:00:00Z");
        Instant next = minute.plusSeconds(60);
        GroundTruth.Sales all = truth.sales(minute, next, null, null);
        assertThat(List.of(all.cents, all.orders, all.units)).containsExactly(530L, 1L, 4L);
        GroundTruth.Sales books = truth.sales(minute, next, null, "books");
        assertThat(List.of(books.cents, books.orders, books.units)).containsExactly(30L, 1L, 3L);
        GroundTruth.Sales usEast = truth.sales(next, next.plusSeconds(60), "us-east", null);
        assertThat(List.of(usEast.cents, usEast.orders, usEast.units)).containsExactly(300L, 1L, 3L);
        Map<String, GroundTruth.Sales> byCategory = truth.salesBy("category", minute, next.plusSeconds(60));
        assertThat(byCategory).containsOnlyKeys("books", "music", GroundTruth.UNKNOWN_CATEGORY);
        assertThat(truth.productSales(minute, next).get(1L).units).isEqualTo(2);
    }

    @Test
    @DisplayName("The funnel counts sessions per step, and those that reached each step in order of event time")
    void funnel() {
        truth.record(event(EventType.PRODUCT_VIEWED, T, "s1", null));
        truth.record(event(EventType.CART_ADDED, T.plusSeconds(1), "s1", null));
        truth.record(event(EventType.PRODUCT_VIEWED, T, "s2", null));
        truth.record(event(EventType.CART_ADDED, T.minusSeconds(600), "s2", null));

        JsonObject funnel = truth.funnel();
        assertThat(funnel.getInteger("sessions")).isEqualTo(2);
        JsonObject cart = funnel.getJsonArray("steps").getJsonObject(1);
        assertThat(cart.getString("step")).isEqualTo("cart_added");
        assertThat(cart.getLong("sessions")).isEqualTo(2);
        assertThat(cart.getLong("sessionsInOrder")).isEqualTo(1);
    }

    @Test
    @DisplayName("A cancellation takes its order back from the order's minute once; another is ignored; stock follows")
    void cancellations() {
        ShopEvent order = event(EventType.ORDER_PLACED, T, "s1", "eu-west", line(1, 2, "0.10"));
        truth.record(order);
        ShopEvent cancel = new ShopEvent(UUID.randomUUID(), EventType.ORDER_CANCELLED, T.plusSeconds(120), 1, "s1", "eu-west",
                order.orderId(), List.of(), null);
        truth.record(cancel);
        truth.record(new ShopEvent(UUID.randomUUID(), EventType.ORDER_CANCELLED, T.plusSeconds(130), 1, "s1", "eu-west",
                order.orderId(), List.of(), null));
        truth.record(new ShopEvent(UUID.randomUUID(), EventType.ORDER_CANCELLED, T.plusSeconds(140), 1, "s9", "eu-west",
                987654321L, List.of(), null));

        Instant minute = Instant.parse("2026-11-28T04:00:00Z");
        GroundTruth.Sales sales = truth.sales(minute, minute.plusSeconds(3600), null, null);
        assertThat(List.of(sales.cents, sales.orders, sales.units)).containsExactly(0L, 0L, 0L);
        assertThat(truth.cancellationsApplied()).isEqualTo(1);
        assertThat(truth.cancellationsIgnored()).isEqualTo(2);
        assertThat(truth.stockChanges().get(1L)).isZero();
    }
}
