package com.shopstream.loadgen.load;

import com.shopstream.contract.EventType;
import com.shopstream.contract.OrderLine;
import com.shopstream.contract.ShopEvent;
import com.shopstream.contract.StockReason;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Simulates shoppers: many concurrent sessions, each a walk through views of Zipf-popular products,
 * cart adds, a checkout and sometimes an order, interleaved as on a real site. What happens is
 * determined by the seed; eventIds and orderIds also depend on the run id, so that two runs with the
 * same seed send the same story as distinct events.
 */
public final class ShopperSimulator {

    private static final int ACTIVE_SESSIONS = 256;
    private static final int MAX_VIEWS = 12;
    private static final double MORE_VIEWS = 0.65;
    private static final double ADD_TO_CART = 0.25;
    private static final double CHECKOUT = 0.6;
    private static final double ORDER = 0.75;
    private static final double CANCEL = 0.04;
    private static final double CANCEL_TWICE = 0.1;
    private static final double CANCEL_UNKNOWN_ORDER = 0.002;
    private static final double INVENTORY_ADJUSTMENT = 0.002;
    /**
     * How many customers shop by default. Fewer make every customer order every few seconds at the
     * rates the benchmark reaches, and the fraud rules then flag most orders.
     */
    public static final int DEFAULT_CUSTOMERS = 200_000;
    /** The customer id the shop's own inventory events carry: the contract asks one of every event. */
    static final long SHOP_ACCOUNT = 1_000_000_000_000L;

    static final List<String> REGIONS = List.of("eu-west", "eu-central", "us-east", "us-west", "ap-south", "sa-east");
    private static final double[] REGION_WEIGHTS = {0.24, 0.16, 0.28, 0.14, 0.12, 0.06};

    private sealed interface Step permits View, CartAdd, Checkout, Order, Cancel {
    }

    private record View(CatalogProduct product) implements Step {
    }

    private record CartAdd(CatalogProduct product) implements Step {
    }

    private record Checkout() implements Step {
    }

    private record Order(long orderId, List<OrderLine> lines) implements Step {
    }

    private record Cancel(long orderId) implements Step {
    }

    private record Session(long customerId, String region, String sessionId, Deque<Step> steps) {
    }

    private final SplittableRandom story;
    private final SplittableRandom ids;
    private final List<CatalogProduct> catalog;
    private final ZipfSampler popularity;
    private final int customers;
    private final String runTag;
    private final long orderIdBase;
    private final Session[] sessions = new Session[ACTIVE_SESSIONS];
    private long sessionCount;
    private long orderCount;
    private long unknownOrderCount;

    public ShopperSimulator(long seed, List<CatalogProduct> catalog, int customers, long runEpochSecond) {
        this.story = new SplittableRandom(seed);
        this.ids = new SplittableRandom(seed * 1_000_003L ^ runEpochSecond);
        this.catalog = catalog;
        this.popularity = new ZipfSampler(catalog.size(), 1.07);
        this.customers = customers;
        this.runTag = Long.toString(runEpochSecond, 36);
        this.orderIdBase = runEpochSecond * 1_000_000_000L;
        for (int i = 0; i < sessions.length; i++) {
            sessions[i] = newSession();
        }
    }

    /**
     * The next event: mostly the next step of a randomly chosen active session, now and then one of
     * the shop's own stock adjustments; happening at {@code now}.
     */
    public ShopEvent next(Instant now) {
        UUID eventId = new UUID((ids.nextLong() & ~0xF000L) | 0x4000L, (ids.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
        if (story.nextDouble() < INVENTORY_ADJUSTMENT) {
            return inventoryAdjustment(eventId, now);
        }
        int slot = story.nextInt(sessions.length);
        Session session = sessions[slot];
        Step step = session.steps().poll();
        if (session.steps().isEmpty()) {
            sessions[slot] = newSession();
        }
        if (step instanceof View view) {
            return event(eventId, EventType.PRODUCT_VIEWED, now, session, null, List.of(), view.product().id());
        } else if (step instanceof CartAdd add) {
            return event(eventId, EventType.CART_ADDED, now, session, null, List.of(), add.product().id());
        } else if (step instanceof Checkout) {
            return event(eventId, EventType.CHECKOUT_STARTED, now, session, null, List.of(), null);
        } else if (step instanceof Cancel cancel) {
            return event(eventId, EventType.ORDER_CANCELLED, now, session, cancel.orderId(), List.of(), null);
        }
        Order order = (Order) step;
        return event(eventId, EventType.ORDER_PLACED, now, session, order.orderId(), order.lines(), null);
    }

    private ShopEvent inventoryAdjustment(UUID eventId, Instant now) {
        CatalogProduct product = catalog.get(popularity.sample(story));
        double kind = story.nextDouble();
        StockReason reason = kind < 0.7 ? StockReason.RESTOCK : kind < 0.9 ? StockReason.RETURN : StockReason.ADJUSTMENT;
        int delta = switch (reason) {
            case RESTOCK -> 20 + story.nextInt(181);
            case RETURN -> 1 + story.nextInt(3);
            case ADJUSTMENT -> story.nextBoolean() ? 1 + story.nextInt(5) : -1 - story.nextInt(5);
        };
        return new ShopEvent(eventId, EventType.INVENTORY_ADJUSTED, now, SHOP_ACCOUNT, null, null, null, List.of(),
                product.id(), delta, reason);
    }

    private static ShopEvent event(UUID id, EventType type, Instant at, Session s, Long orderId, List<OrderLine> lines, Long productId) {
        return new ShopEvent(id, type, at, s.customerId(), s.sessionId(), s.region(), orderId, lines, productId);
    }

    private Session newSession() {
        long customerId = 1 + story.nextInt(customers);
        Deque<Step> steps = new ArrayDeque<>();
        Map<Long, Integer> cart = new LinkedHashMap<>();
        Map<Long, CatalogProduct> inCart = new LinkedHashMap<>();
        int views = 0;
        do {
            CatalogProduct product = catalog.get(popularity.sample(story));
            steps.add(new View(product));
            if (story.nextDouble() < ADD_TO_CART) {
                steps.add(new CartAdd(product));
                cart.merge(product.id(), 1 + (story.nextDouble() < 0.2 ? story.nextInt(3) : 0), Integer::sum);
                inCart.put(product.id(), product);
            }
            views++;
        } while (views < MAX_VIEWS && story.nextDouble() < MORE_VIEWS);
        if (!cart.isEmpty() && story.nextDouble() < CHECKOUT) {
            steps.add(new Checkout());
            if (story.nextDouble() < ORDER) {
                List<OrderLine> lines = new ArrayList<>();
                cart.forEach((id, quantity) -> lines.add(new OrderLine(id, quantity, inCart.get(id).price())));
                long orderId = orderIdBase + ++orderCount;
                steps.add(new Order(orderId, lines));
                if (story.nextDouble() < CANCEL) {
                    steps.add(new Cancel(orderId));
                    if (story.nextDouble() < CANCEL_TWICE) {
                        steps.add(new Cancel(orderId));
                    }
                }
            }
        } else if (story.nextDouble() < CANCEL_UNKNOWN_ORDER) {
            // Cancels an order this run never placed: the pipeline must count it and ignore it.
            steps.add(new Cancel(orderIdBase + 900_000_000L + ++unknownOrderCount));
        }
        String sessionId = "s-" + runTag + "-" + ++sessionCount;
        return new Session(customerId, homeRegion(customerId), sessionId, steps);
    }

    /** A customer shops from one region, chosen by weight from their id. */
    static String homeRegion(long customerId) {
        double u = (Long.hashCode(customerId * 0x9E3779B97F4A7C15L) & 0x7fffffff) / (double) Integer.MAX_VALUE;
        double cumulative = 0;
        for (int i = 0; i < REGIONS.size(); i++) {
            cumulative += REGION_WEIGHTS[i];
            if (u <= cumulative) {
                return REGIONS.get(i);
            }
        }
        return REGIONS.get(REGIONS.size() - 1);
    }
}
