package com.shopstream.aggregator.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.EventType;
import com.shopstream.contract.OrderLine;
import com.shopstream.contract.ShopEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SessionFunnelTest {

    private static final Instant T = Instant.parse("2026-11-28T10:59:30Z");
    private static final Map<Long, String> CATEGORIES = Map.of(1L, "books", 2L, "music");

    private static ShopEvent step(EventType type, Instant at, Long product) {
        return new ShopEvent(UUID.randomUUID(), type, at, 7, "s-1", "eu-west", null, List.of(), product);
    }

    private static ShopEvent order(Instant at, long orderId, long... products) {
        List<OrderLine> lines = new ArrayList<>();
        for (long product : products) {
            lines.add(new OrderLine(product, 1, BigDecimal.ONE));
        }
        return new ShopEvent(UUID.randomUUID(), EventType.ORDER_PLACED, at, 7, "s-1", "eu-west", orderId, lines, null);
    }

    private static Map<Long, Sale> sales(ShopEvent... orders) {
        Map<Long, Sale> sales = new HashMap<>();
        for (ShopEvent order : orders) {
            sales.put(order.orderId(), Sale.of(order, CATEGORIES));
        }
        return sales;
    }

    private static SessionFunnel.Key key(String category) {
        return new SessionFunnel.Key("s-1", category);
    }

    @Test
    @DisplayName("A session's steps per category; a checkout reaches every category row; the rollup counts each at its level")
    void stepsAndLevels() {
        ShopEvent order = order(T.plusSeconds(40), 9, 1);
        List<ShopEvent> events = List.of(step(EventType.PRODUCT_VIEWED, T, 1L), step(EventType.PRODUCT_VIEWED, T.plusSeconds(5), 2L),
                step(EventType.CART_ADDED, T.plusSeconds(10), 1L), step(EventType.CHECKOUT_STARTED, T.plusSeconds(20), null), order);

        SessionFunnel.Changes changes = SessionFunnel.merge(Map.of(), SessionFunnel.steps(events, CATEGORIES, sales(order)));

        assertThat(changes.rows().get(key(SessionFunnel.ALL)).level()).isEqualTo(4);
        assertThat(changes.rows().get(key("books")).level()).isEqualTo(4);
        assertThat(changes.rows().get(key("music")).steps()).isEqualTo(SessionFunnel.VIEWED | SessionFunnel.CHECKED_OUT);
        assertThat(changes.rows().get(key("music")).level()).isEqualTo(1);
        assertThat(changes.deltas()).extracting(d -> d.category() + " " + d.bucket() + " " + d.level() + " " + d.sessions())
                .containsExactly(" 2026-11-28T10:00:00Z 4 1", "books 2026-11-28T10:00:00Z 4 1", "music 2026-11-28T10:00:00Z 1 1");
    }

    @Test
    @DisplayName("Whatever order the events arrive in, batch by batch, the state and the rollup end the same")
    void orderIndependent() {
        ShopEvent order = order(T.plusSeconds(90), 9, 2);
        List<ShopEvent> events = new ArrayList<>(List.of(step(EventType.PRODUCT_VIEWED, T, 2L), step(EventType.CART_ADDED, T.plusSeconds(10), 2L),
                step(EventType.CHECKOUT_STARTED, T.plusSeconds(20), null), order));
        Map<String, Long> inOrder = replayOneByOne(events, sales(order));
        Collections.reverse(events);
        Map<String, Long> reversed = replayOneByOne(events, sales(order));

        assertThat(reversed).isEqualTo(inOrder);
        assertThat(inOrder).containsOnly(Map.entry(" 2026-11-28T10:00:00Z 4", 1L), Map.entry("music 2026-11-28T10:00:00Z 4", 1L));
    }

    /** Applies the events one batch each, as stored rows and a rollup would see them; returns the rollup. */
    private static Map<String, Long> replayOneByOne(List<ShopEvent> events, Map<Long, Sale> sales) {
        Map<SessionFunnel.Key, SessionFunnel.State> stored = new HashMap<>();
        Map<String, Long> rollup = new HashMap<>();
        for (ShopEvent event : events) {
            SessionFunnel.Changes changes = SessionFunnel.merge(stored, SessionFunnel.steps(List.of(event), CATEGORIES, sales));
            stored.putAll(changes.rows());
            changes.deltas().forEach(d -> rollup.merge(d.category() + " " + d.bucket() + " " + d.level(), d.sessions(), Long::sum));
        }
        rollup.values().removeIf(v -> v == 0);
        return rollup;
    }

    @Test
    @DisplayName("An earlier event moves the session to its hour; an order not stored (a duplicate) adds nothing; no session, no row")
    void movesAndSkips() {
        Map<SessionFunnel.Key, SessionFunnel.State> stored = Map.of(key(SessionFunnel.ALL),
                new SessionFunnel.State("eu-west", T.plusSeconds(60), SessionFunnel.VIEWED));
        ShopEvent duplicate = order(T, 5, 1);
        ShopEvent anonymous = new ShopEvent(UUID.randomUUID(), EventType.PRODUCT_VIEWED, T, 7, null, null, null, List.of(), 1L);

        SessionFunnel.Changes changes = SessionFunnel.merge(stored, SessionFunnel.steps(
                List.of(step(EventType.CART_ADDED, T, 1L), duplicate, anonymous), CATEGORIES, Map.of()));

        assertThat(changes.deltas()).extracting(d -> d.category() + " " + d.bucket() + " " + d.level() + " " + d.sessions())
                .containsExactly(" 2026-11-28T10:00:00Z 2 1", " 2026-11-28T11:00:00Z 1 -1");
        assertThat(changes.rows()).containsOnlyKeys(key(SessionFunnel.ALL), key("books"));
        assertThat(changes.rows().get(key("books")).level()).isZero();
    }

    @Test
    @DisplayName("A session that moves is written whole, its unchanged categories too; one that does not move is not written")
    void writesChangedSessionsWhole() {
        SessionFunnel.State viewed = new SessionFunnel.State("eu-west", T, SessionFunnel.VIEWED);
        Map<SessionFunnel.Key, SessionFunnel.State> stored = Map.of(key(SessionFunnel.ALL), viewed, key("books"), viewed,
                new SessionFunnel.Key("s-2", SessionFunnel.ALL), viewed, new SessionFunnel.Key("s-2", "books"), viewed);
        ShopEvent musicView = step(EventType.PRODUCT_VIEWED, T.plusSeconds(5), 2L);
        ShopEvent repeatedView = new ShopEvent(UUID.randomUUID(), EventType.PRODUCT_VIEWED, T.plusSeconds(5), 7, "s-2", "eu-west",
                null, List.of(), 1L);

        SessionFunnel.Changes changes = SessionFunnel.merge(stored, SessionFunnel.steps(List.of(musicView, repeatedView), CATEGORIES, Map.of()));

        assertThat(changes.rows()).containsOnlyKeys(key(SessionFunnel.ALL), key("books"), key("music"));
        assertThat(changes.rows().get(key("books"))).isEqualTo(viewed);
        assertThat(changes.deltas()).extracting(d -> d.category() + " " + d.level() + " " + d.sessions()).containsExactly("music 1 1");
    }
}
