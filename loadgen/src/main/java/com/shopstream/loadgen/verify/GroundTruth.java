package com.shopstream.loadgen.verify;

import com.shopstream.common.Money;
import com.shopstream.contract.EventType;
import com.shopstream.contract.OrderLine;
import com.shopstream.contract.ShopEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a load run sent, counted exactly, once per distinct event: sales per minute by region, by
 * category and by both, per product (net of cancellations, in the minute of the order), customers
 * per minute, the funnel per step, stock movements, and event counts.
 * It is what the pipeline must report for the run, and it is written to a file after each run.
 */
public final class GroundTruth {

    public static final String UNKNOWN_CATEGORY = "unknown";
    static final List<EventType> FUNNEL = List.of(
            EventType.PRODUCT_VIEWED, EventType.CART_ADDED, EventType.CHECKOUT_STARTED, EventType.ORDER_PLACED);

    /** Revenue in cents, orders and units. */
    public static final class Sales {
        long cents;
        long orders;
        long units;

        public long cents() {
            return cents;
        }

        public long orders() {
            return orders;
        }

        public long units() {
            return units;
        }

        void add(long cents, long orders, long units) {
            this.cents += cents;
            this.orders += orders;
            this.units += units;
        }

        void add(Sales other) {
            add(other.cents, other.orders, other.units);
        }

        JsonObject toJson() {
            return new JsonObject().put("revenue", Money.fromCents(cents)).put("orders", orders).put("units", units);
        }
    }

    private final Function<Long, String> categoryOf;
    private static final String ALL = "";

    private final NavigableMap<Instant, Map<String, Sales>> totalByMinute = new TreeMap<>();
    private final NavigableMap<Instant, Map<String, Sales>> regionByMinute = new TreeMap<>();
    private final NavigableMap<Instant, Map<String, Sales>> categoryByMinute = new TreeMap<>();
    private final NavigableMap<Instant, Map<String, Sales>> categoryRegionByMinute = new TreeMap<>();
    private final NavigableMap<Instant, Map<Long, Sales>> productByMinute = new TreeMap<>();
    private final NavigableMap<Instant, Set<Long>> customersByMinute = new TreeMap<>();
    private final Map<String, Map<EventType, Instant>> sessions = new HashMap<>();
    private final Map<EventType, Long> byType = new EnumMap<>(EventType.class);
    private final Map<Long, PlacedOrder> orders = new HashMap<>();
    private final Set<Long> cancelledOrders = new HashSet<>();
    private final Map<Long, Long> stockChanges = new HashMap<>();
    private long cancellationsApplied;
    private long cancellationsIgnored;
    private Instant earliest;
    private Instant latest;

    public GroundTruth(Function<Long, String> categoryOf) {
        this.categoryOf = categoryOf;
    }

    /** An order as recorded, kept so that a cancellation can take it back from the same buckets. */
    private record PlacedOrder(Instant minute, String region, List<OrderLine> lines) {
    }

    /** Counts one distinct event; duplicates must not be passed. */
    public void record(ShopEvent event) {
        Instant minute = event.occurredAt().truncatedTo(ChronoUnit.MINUTES);
        earliest = earliest == null || event.occurredAt().isBefore(earliest) ? event.occurredAt() : earliest;
        latest = latest == null || event.occurredAt().isAfter(latest) ? event.occurredAt() : latest;
        byType.merge(event.type(), 1L, Long::sum);
        if (event.type() == EventType.INVENTORY_ADJUSTED) {
            stockChanges.merge(event.productId(), (long) event.stockDelta(), Long::sum);
            return;
        }
        customersByMinute.computeIfAbsent(minute, m -> new HashSet<>()).add(event.customerId());
        if (event.sessionId() != null) {
            sessions.computeIfAbsent(event.sessionId(), s -> new EnumMap<>(EventType.class))
                    .merge(event.type(), event.occurredAt(), (a, b) -> a.isBefore(b) ? a : b);
        }
        if (event.isOrder()) {
            PlacedOrder order = new PlacedOrder(minute, event.region(), event.items());
            orders.put(event.orderId(), order);
            addSale(order, 1);
        } else if (event.type() == EventType.ORDER_CANCELLED) {
            PlacedOrder order = orders.get(event.orderId());
            if (order != null && cancelledOrders.add(event.orderId())) {
                addSale(order, -1);
                cancellationsApplied++;
            } else {
                cancellationsIgnored++;
            }
        }
    }

    private void addSale(PlacedOrder order, int sign) {
        long cents = 0;
        long units = 0;
        for (OrderLine line : order.lines()) {
            cents += Money.toCents(line.lineTotal());
            units += line.quantity();
        }
        group(totalByMinute, order.minute(), ALL).add(sign * cents, sign, sign * units);
        group(regionByMinute, order.minute(), order.region()).add(sign * cents, sign, sign * units);
        Set<String> counted = new HashSet<>();
        for (OrderLine line : order.lines()) {
            String category = categoryOf.apply(line.productId());
            long lineCents = sign * Money.toCents(line.lineTotal());
            long lineUnits = (long) sign * line.quantity();
            long orderCount = counted.add(category) ? sign : 0;
            group(categoryByMinute, order.minute(), category).add(lineCents, orderCount, lineUnits);
            group(categoryRegionByMinute, order.minute(), category + "|" + order.region()).add(lineCents, orderCount, lineUnits);
            group(productByMinute, order.minute(), line.productId()).add(lineCents, 0, lineUnits);
            stockChanges.merge(line.productId(), -lineUnits, Long::sum);
        }
    }

    public long cancellationsApplied() {
        return cancellationsApplied;
    }

    public long cancellationsIgnored() {
        return cancellationsIgnored;
    }

    /** How much each product's stock moved: orders take, cancellations give back, adjustments add. */
    Map<Long, Long> stockChanges() {
        return stockChanges;
    }

    Instant earliest() {
        return earliest;
    }

    Instant latest() {
        return latest;
    }

    public long events() {
        return byType.values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<EventType, Long> byType() {
        return byType;
    }

    /** Sales in [from, to), whole minutes, of one region, of one category, or of all when both are null. */
    public Sales sales(Instant from, Instant to, String region, String category) {
        NavigableMap<Instant, Map<String, Sales>> source =
                region != null ? regionByMinute : category != null ? categoryByMinute : totalByMinute;
        String key = region != null ? region : category != null ? category : ALL;
        Sales sum = new Sales();
        source.subMap(from, true, to, false).values().forEach(groups -> {
            Sales sales = groups.get(key);
            if (sales != null) {
                sum.add(sales);
            }
        });
        return sum;
    }

    /** Sales per group key (region or category) in [from, to). */
    Map<String, Sales> salesBy(String groupBy, Instant from, Instant to) {
        return sumByKey((groupBy.equals("region") ? regionByMinute : categoryByMinute).subMap(from, true, to, false));
    }

    /** Revenue and units per product in [from, to). */
    Map<Long, Sales> productSales(Instant from, Instant to) {
        return sumByKey(productByMinute.subMap(from, true, to, false));
    }

    private static <K> Map<K, Sales> sumByKey(NavigableMap<Instant, Map<K, Sales>> minutes) {
        Map<K, Sales> sums = new HashMap<>();
        minutes.values().forEach(groups -> groups.forEach((key, sales) -> sums.computeIfAbsent(key, k -> new Sales()).add(sales)));
        return sums;
    }

    long distinctCustomers(Instant from, Instant to) {
        Set<Long> customers = new HashSet<>();
        customersByMinute.subMap(from, true, to, false).values().forEach(customers::addAll);
        return customers.size();
    }

    /** Sessions that have each step, and sessions that reached each step in order of event time. */
    JsonObject funnel() {
        JsonArray steps = new JsonArray();
        for (int i = 0; i < FUNNEL.size(); i++) {
            EventType step = FUNNEL.get(i);
            long having = 0;
            long inOrder = 0;
            for (Map<EventType, Instant> firsts : sessions.values()) {
                if (firsts.containsKey(step)) {
                    having++;
                }
                if (reachedInOrder(firsts, i)) {
                    inOrder++;
                }
            }
            steps.add(new JsonObject().put("step", step.wireName()).put("sessions", having).put("sessionsInOrder", inOrder));
        }
        return new JsonObject().put("sessions", sessions.size()).put("steps", steps);
    }

    /**
     * Per funnel step, the sessions that have events of that step and of every earlier one, whatever
     * their order: how the API counts a session as reaching a step.
     */
    long[] sessionsReaching() {
        long[] reaching = new long[FUNNEL.size()];
        for (Map<EventType, Instant> firsts : sessions.values()) {
            for (int i = 0; i < FUNNEL.size() && firsts.containsKey(FUNNEL.get(i)); i++) {
                reaching[i]++;
            }
        }
        return reaching;
    }

    private static boolean reachedInOrder(Map<EventType, Instant> firsts, int upTo) {
        Instant previous = Instant.MIN;
        for (int i = 0; i <= upTo; i++) {
            Instant at = firsts.get(FUNNEL.get(i));
            if (at == null || at.isBefore(previous)) {
                return false;
            }
            previous = at;
        }
        return true;
    }

    public void write(Path file, JsonObject run) throws IOException {
        JsonArray minutes = new JsonArray();
        categoryRegionByMinute.forEach((minute, groups) -> groups.forEach((key, sales) -> {
            int split = key.lastIndexOf('|');
            minutes.add(sales.toJson().put("bucket", minute.toString())
                    .put("category", key.substring(0, split)).put("region", key.substring(split + 1)));
        }));
        JsonArray regionMinutes = new JsonArray();
        regionByMinute.forEach((minute, groups) -> groups.forEach((region, sales) ->
                regionMinutes.add(sales.toJson().put("bucket", minute.toString()).put("region", region))));
        Map<Long, Sales> products = sumByKey(productByMinute);
        JsonArray productList = new JsonArray();
        products.entrySet().stream()
                .sorted(Map.Entry.<Long, Sales>comparingByValue((a, b) -> Long.compare(b.cents, a.cents)))
                .forEach(e -> productList.add(new JsonObject().put("productId", e.getKey())
                        .put("revenue", Money.fromCents(e.getValue().cents)).put("units", e.getValue().units)));
        JsonObject types = new JsonObject();
        byType.forEach((type, count) -> types.put(type.wireName(), count));
        JsonObject truth = run.copy()
                .put("eventsByType", types)
                .put("earliestEventAt", earliest == null ? null : earliest.toString())
                .put("latestEventAt", latest == null ? null : latest.toString())
                .put("salesByMinuteCategoryRegion", minutes)
                .put("salesByMinuteRegion", regionMinutes)
                .put("products", productList)
                .put("cancellationsApplied", cancellationsApplied)
                .put("cancellationsIgnored", cancellationsIgnored)
                .put("funnel", funnel());
        Files.createDirectories(file.getParent());
        Files.writeString(file, truth.encodePrettily());
    }

    private static <K> Sales group(Map<Instant, Map<K, Sales>> byMinute, Instant minute, K key) {
        return byMinute.computeIfAbsent(minute, m -> new HashMap<>()).computeIfAbsent(key, k -> new Sales());
    }
}
