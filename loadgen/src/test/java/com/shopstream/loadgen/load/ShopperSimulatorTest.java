package com.shopstream.loadgen.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.EventJsonReader;
import com.shopstream.contract.EventType;
import com.shopstream.contract.EventJsonWriter;
import com.shopstream.contract.EventValidator;
import com.shopstream.contract.ShopEvent;
import com.shopstream.contract.ValidationPolicy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ShopperSimulatorTest {

    private static final Instant NOW = Instant.parse("2026-11-28T04:00:00Z");
    private final List<CatalogProduct> catalog = CatalogGenerator.generate(7, 500);

    private List<ShopEvent> run(long seed, long runId, int events) {
        ShopperSimulator simulator = new ShopperSimulator(seed, catalog, 1000, runId);
        List<ShopEvent> out = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            out.add(simulator.next(NOW));
        }
        return out;
    }

    private static String story(ShopEvent e) {
        return e.type() + " " + e.customerId() + " " + e.productId() + " " + e.items();
    }

    @Test
    @DisplayName("The same seed tells the same story; another run gets other ids")
    void deterministic() {
        List<ShopEvent> first = run(42, 1000, 5000);
        List<ShopEvent> again = run(42, 1000, 5000);
        List<ShopEvent> laterRun = run(42, 2000, 5000);

        assertThat(again).isEqualTo(first);
        assertThat(laterRun.stream().map(ShopperSimulatorTest::story).toList())
                .isEqualTo(first.stream().map(ShopperSimulatorTest::story).toList());
        assertThat(laterRun.get(0).eventId()).isNotEqualTo(first.get(0).eventId());
        assertThat(run(43, 1000, 100).stream().map(ShopperSimulatorTest::story).toList())
                .isNotEqualTo(first.subList(0, 100).stream().map(ShopperSimulatorTest::story).toList());
    }

    @Test
    @DisplayName("Every event is valid under the contract, eventIds and orderIds are unique, prices come from the catalog")
    void validEvents() throws Exception {
        EventValidator validator = new EventValidator(Clock.fixed(NOW, ZoneOffset.UTC), ValidationPolicy.DEFAULT);
        List<ShopEvent> events = run(1, 1000, 20_000);
        Set<Object> eventIds = new HashSet<>();
        Set<Long> orderIds = new HashSet<>();
        Map<Long, CatalogProduct> byId = new HashMap<>();
        catalog.forEach(p -> byId.put(p.id(), p));
        for (ShopEvent event : events) {
            assertThat(validator.validate(EventJsonReader.readOne(EventJsonWriter.write(event))).event()).isEqualTo(event);
            assertThat(eventIds.add(event.eventId())).isTrue();
            if (event.isOrder()) {
                assertThat(orderIds.add(event.orderId())).isTrue();
                event.items().forEach(line -> assertThat(line.unitPrice()).isEqualTo(byId.get(line.productId()).price()));
            }
        }
    }

    @Test
    @DisplayName("The mix is a funnel: views outnumber cart adds, which outnumber checkouts, which outnumber orders")
    void funnel() {
        Map<EventType, Integer> counts = new EnumMap<>(EventType.class);
        run(3, 1000, 50_000).forEach(e -> counts.merge(e.type(), 1, Integer::sum));

        assertThat(counts.get(EventType.PRODUCT_VIEWED)).isGreaterThan(counts.get(EventType.CART_ADDED));
        assertThat(counts.get(EventType.CART_ADDED)).isGreaterThan(counts.get(EventType.CHECKOUT_STARTED));
        assertThat(counts.get(EventType.CHECKOUT_STARTED)).isGreaterThan(counts.get(EventType.ORDER_PLACED));
        assertThat(counts.get(EventType.ORDER_PLACED)).isPositive();
    }

    @Test
    @DisplayName("Within a session, a checkout comes after its cart adds and an order after its checkout")
    void sessionsInOrder() {
        Map<String, List<EventType>> sessions = new HashMap<>();
        run(5, 1000, 30_000).forEach(e -> sessions.computeIfAbsent(e.sessionId(), s -> new ArrayList<>()).add(e.type()));
        for (List<EventType> steps : sessions.values()) {
            int checkout = steps.indexOf(EventType.CHECKOUT_STARTED);
            int order = steps.indexOf(EventType.ORDER_PLACED);
            if (order >= 0) {
                assertThat(checkout).isBetween(0, order - 1);
            }
            if (checkout >= 0) {
                assertThat(steps.subList(0, checkout)).contains(EventType.CART_ADDED);
            }
        }
    }
}
