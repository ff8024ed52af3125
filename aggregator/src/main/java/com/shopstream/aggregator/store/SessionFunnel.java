package com.shopstream.aggregator.store;

import com.shopstream.contract.EventType;
import com.shopstream.contract.ShopEvent;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The funnel state of sessions, per session (category {@link #ALL}) and per session and category:
 * the steps reached as a bitmask, the time of the first step event and the region. Merging ORs the
 * bits and takes the least time and region, so the state does not depend on the order events arrive
 * in. A batch's merge yields the whole state of the sessions that changed (a session is stored as
 * one row) and the deltas of the hourly rollup of sessions by the hour of their first event and
 * their level (how far along the ordered steps they got).
 */
final class SessionFunnel {

    static final String ALL = "";
    static final String NO_REGION = "";
    static final int VIEWED = 1;
    static final int CARTED = 2;
    static final int CHECKED_OUT = 4;
    static final int ORDERED = 8;

    record Key(String sessionId, String category) {
    }

    record State(String region, Instant startedAt, int steps) {

        State merge(State other) {
            return new State(leastRegion(region, other.region), startedAt.isBefore(other.startedAt) ? startedAt : other.startedAt,
                    steps | other.steps);
        }

        State withSteps(int more) {
            return new State(region, startedAt, steps | more);
        }

        /** 0 without a view; 1 to 4 for the ordered steps reached without a gap. */
        int level() {
            int level = 0;
            for (int step = VIEWED; step <= ORDERED && (steps & step) != 0; step <<= 1) {
                level++;
            }
            return level;
        }

        private static String leastRegion(String a, String b) {
            if (a.isEmpty()) {
                return b;
            }
            return b.isEmpty() || a.compareTo(b) <= 0 ? a : b;
        }
    }

    /** A change of the hourly rollup: sessions added (or removed, when negative) at a level. */
    record Delta(Instant bucket, String category, String region, int level, long sessions) {
    }

    /**
     * The state of every category of each session that changed, and the rollup deltas, sorted so
     * that concurrent batches lock in one order.
     */
    record Changes(Map<Key, State> rows, List<Delta> deltas) {
    }

    /** The order of the rollup's key, in which every batch upserts its deltas. */
    private static final Comparator<Delta> LOCK_ORDER = (a, b) -> {
        int order = a.category().compareTo(b.category());
        if (order == 0) {
            order = a.bucket().compareTo(b.bucket());
        }
        if (order == 0) {
            order = a.region().compareTo(b.region());
        }
        return order != 0 ? order : Integer.compare(a.level(), b.level());
    };

    private SessionFunnel() {
    }

    /** The steps new events add, per session and category. Orders are the ones stored, with their lines' categories. */
    static Map<Key, State> steps(List<ShopEvent> events, Map<Long, String> categories, Map<Long, Sale> storedOrders) {
        Map<Key, State> steps = new HashMap<>();
        for (ShopEvent event : events) {
            if (event.sessionId() == null) {
                continue;
            }
            State state = new State(event.region() == null ? NO_REGION : event.region(), event.occurredAt(), 0);
            switch (event.type()) {
                case PRODUCT_VIEWED, CART_ADDED -> {
                    int step = event.type() == EventType.PRODUCT_VIEWED ? VIEWED : CARTED;
                    add(steps, event.sessionId(), ALL, state.withSteps(step));
                    add(steps, event.sessionId(), categories.getOrDefault(event.productId(), Sale.UNKNOWN_CATEGORY), state.withSteps(step));
                }
                case CHECKOUT_STARTED -> add(steps, event.sessionId(), ALL, state.withSteps(CHECKED_OUT));
                case ORDER_PLACED -> {
                    Sale sale = storedOrders.get(event.orderId());
                    if (sale != null) {
                        add(steps, event.sessionId(), ALL, state.withSteps(ORDERED));
                        sale.lines().forEach(line -> add(steps, event.sessionId(), line.category(), state.withSteps(ORDERED)));
                    }
                }
                default -> {
                    // cancellations and stock adjustments are not funnel steps
                }
            }
        }
        return steps;
    }

    private static void add(Map<Key, State> steps, String sessionId, String category, State state) {
        steps.merge(new Key(sessionId, category), state, State::merge);
    }

    /**
     * Merges a batch's steps into the stored rows of its sessions (every category of them): a
     * checkout reaches every category row of its session.
     */
    static Changes merge(Map<Key, State> stored, Map<Key, State> batch) {
        Map<Key, State> merged = new HashMap<>(stored);
        batch.forEach((key, state) -> merged.merge(key, state, State::merge));
        Map<String, Integer> checkouts = new HashMap<>();
        merged.forEach((key, state) -> {
            if (key.category().equals(ALL)) {
                checkouts.put(key.sessionId(), state.steps() & CHECKED_OUT);
            }
        });
        Map<Key, State> now = new HashMap<>(merged.size() * 2);
        Set<String> changedSessions = new HashSet<>();
        Map<Delta, Long> deltas = new HashMap<>();
        merged.forEach((key, state) -> {
            State after = key.category().equals(ALL) ? state : state.withSteps(checkouts.getOrDefault(key.sessionId(), 0));
            now.put(key, after);
            State before = stored.get(key);
            if (Objects.equals(before, after)) {
                return;
            }
            changedSessions.add(key.sessionId());
            if (before != null && before.level() > 0) {
                deltas.merge(delta(key, before), -1L, Long::sum);
            }
            if (after.level() > 0) {
                deltas.merge(delta(key, after), 1L, Long::sum);
            }
        });
        now.keySet().removeIf(key -> !changedSessions.contains(key.sessionId()));
        List<Delta> rollup = deltas.entrySet().stream()
                .filter(e -> e.getValue() != 0)
                .map(e -> new Delta(e.getKey().bucket(), e.getKey().category(), e.getKey().region(), e.getKey().level(), e.getValue()))
                .sorted(LOCK_ORDER)
                .toList();
        return new Changes(now, rollup);
    }

    private static Delta delta(Key key, State state) {
        return new Delta(TimeBuckets.hour(state.startedAt()), key.category(), state.region(), state.level(), 0);
    }
}
