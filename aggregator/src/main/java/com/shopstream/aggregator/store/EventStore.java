package com.shopstream.aggregator.store;

import com.shopstream.contract.EventType;
import com.shopstream.contract.ShopEvent;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** The aggregator's PostgreSQL statements: progress rows, the idempotency ledgers, raw rows and rollups. */
public final class EventStore {

    /** A partition's committed position and the latest event time stored from it. */
    record Progress(long nextOffset, Instant maxEventTime) {
    }

    /** What one batch adds to a partition's counters. */
    record Counters(long nextOffset, int stored, int duplicates, int late, int deadLettered, Instant maxEventTime,
                    int cancellationsApplied, int cancellationsIgnored, long offsetsSkipped) {
    }

    /** PostgreSQL compares uuids as unsigned bytes; {@link UUID#compareTo} compares signed longs. */
    private static final Comparator<ShopEvent> IN_UUID_INDEX_ORDER = (a, b) -> {
        int high = Long.compareUnsigned(a.eventId().getMostSignificantBits(), b.eventId().getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.eventId().getLeastSignificantBits(), b.eventId().getLeastSignificantBits());
    };

    private static final Comparator<SessionFunnel.Key> FUNNEL_KEY_ORDER =
            Comparator.comparing(SessionFunnel.Key::sessionId).thenComparing(SessionFunnel.Key::category);

    private final Pool pool;
    private final String consumerGroup;
    private final String topic;

    public EventStore(Pool pool, String consumerGroup, String topic) {
        this.pool = pool;
        this.consumerGroup = consumerGroup;
        this.topic = topic;
    }

    public Pool pool() {
        return pool;
    }

    /** Makes sure the partitions have progress rows and returns where each one resumes. */
    public Future<Map<Integer, Long>> committedOffsets(Collection<Integer> partitions) {
        Integer[] ids = partitions.toArray(Integer[]::new);
        return pool.preparedQuery(StoreSql.ENSURE_PROGRESS).execute(Tuple.of(consumerGroup, topic, ids))
                .compose(ignored -> pool.preparedQuery(StoreSql.READ_OFFSETS).execute(Tuple.of(consumerGroup, topic, ids)))
                .map(rows -> {
                    Map<Integer, Long> offsets = new HashMap<>();
                    rows.forEach(row -> offsets.put(row.getInteger(0), row.getLong(1)));
                    return offsets;
                });
    }

    /** Locks the partition's progress row until the transaction ends. */
    Future<Progress> lockProgress(SqlConnection conn, int partition) {
        return conn.preparedQuery(StoreSql.LOCK_PROGRESS).execute(Tuple.of(consumerGroup, topic, partition))
                .map(rows -> {
                    if (rows.size() != 1) {
                        throw new IllegalStateException("no progress row for partition " + partition);
                    }
                    Row row = rows.iterator().next();
                    OffsetDateTime max = row.getOffsetDateTime(1);
                    return new Progress(row.getLong(0), max == null ? null : max.toInstant());
                });
    }

    Future<Void> updateProgress(SqlConnection conn, int partition, Counters counters) {
        OffsetDateTime max = counters.maxEventTime() == null ? null : utc(counters.maxEventTime());
        return conn.preparedQuery(StoreSql.UPDATE_PROGRESS).execute(Tuple.from(List.of(
                        consumerGroup, topic, partition, counters.nextOffset(), (long) counters.stored(),
                        (long) counters.duplicates(), (long) counters.late(), (long) counters.deadLettered()))
                        .addOffsetDateTime(max)
                        .addLong((long) counters.cancellationsApplied())
                        .addLong((long) counters.cancellationsIgnored())
                        .addLong(counters.offsetsSkipped()))
                .mapEmpty();
    }

    /** Records the eventIds in the ledger; returns the ones it had not seen before. */
    Future<Set<UUID>> insertEventIds(SqlConnection conn, List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        // In the index's order: consecutive inserts then land on the same or neighbouring leaf pages.
        List<ShopEvent> events = candidates.stream().map(Candidate::event).sorted(IN_UUID_INDEX_ORDER).toList();
        UUID[] ids = new UUID[events.size()];
        OffsetDateTime[] times = new OffsetDateTime[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = events.get(i).eventId();
            times[i] = utc(events.get(i).occurredAt());
        }
        return conn.preparedQuery(StoreSql.INSERT_EVENT_IDS).execute(Tuple.tuple().addValue(ids).addValue(times))
                .map(rows -> {
                    Set<UUID> fresh = new HashSet<>(rows.size() * 2);
                    rows.forEach(row -> fresh.add(row.getUUID(0)));
                    return fresh;
                });
    }

    /** Records the orderIds in the ledger; returns the ones it had not seen before. */
    Future<Set<Long>> insertOrderIds(SqlConnection conn, List<ShopEvent> orders) {
        if (orders.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        Long[] ids = new Long[orders.size()];
        OffsetDateTime[] times = new OffsetDateTime[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = orders.get(i).orderId();
            times[i] = utc(orders.get(i).occurredAt());
        }
        return conn.preparedQuery(StoreSql.INSERT_ORDER_IDS).execute(Tuple.tuple().addValue(ids).addValue(times))
                .map(rows -> {
                    Set<Long> fresh = new HashSet<>(rows.size() * 2);
                    rows.forEach(row -> fresh.add(row.getLong(0)));
                    return fresh;
                });
    }

    Future<Void> insertEvents(SqlConnection conn, int partition, List<Candidate> stored) {
        if (stored.isEmpty()) {
            return Future.succeededFuture();
        }
        int n = stored.size();
        UUID[] ids = new UUID[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        String[] types = new String[n];
        Long[] customers = new Long[n];
        String[] sessions = new String[n];
        String[] regions = new String[n];
        Long[] products = new Long[n];
        Long[] orders = new Long[n];
        Integer[] stockDeltas = new Integer[n];
        String[] stockReasons = new String[n];
        Long[] offsets = new Long[n];
        for (int i = 0; i < n; i++) {
            ShopEvent e = stored.get(i).event();
            ids[i] = e.eventId();
            times[i] = utc(e.occurredAt());
            types[i] = e.type().wireName();
            customers[i] = e.customerId();
            sessions[i] = e.sessionId();
            regions[i] = e.region();
            products[i] = e.productId();
            orders[i] = e.orderId();
            stockDeltas[i] = e.stockDelta();
            stockReasons[i] = e.reason() == null ? null : e.reason().wireName();
            offsets[i] = stored.get(i).offset();
        }
        return conn.preparedQuery(StoreSql.INSERT_EVENTS)
                .execute(Tuple.of(ids, times, types, customers, sessions, regions, products, orders, stockDeltas, stockReasons,
                        partition, offsets))
                .mapEmpty();
    }

    Future<Void> insertOrders(SqlConnection conn, List<ShopEvent> orders, List<Sale> sales) {
        if (orders.isEmpty()) {
            return Future.succeededFuture();
        }
        int n = orders.size();
        Long[] ids = new Long[n];
        UUID[] eventIds = new UUID[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        Long[] customers = new Long[n];
        String[] regions = new String[n];
        String[] revenues = new String[n];
        Integer[] units = new Integer[n];
        int lineCount = 0;
        for (int i = 0; i < n; i++) {
            ShopEvent order = orders.get(i);
            ids[i] = order.orderId();
            eventIds[i] = order.eventId();
            times[i] = utc(order.occurredAt());
            customers[i] = order.customerId();
            regions[i] = order.region();
            revenues[i] = order.revenue().toPlainString();
            units[i] = order.units();
            lineCount += order.items().size();
        }
        Long[] lineOrders = new Long[lineCount];
        OffsetDateTime[] lineTimes = new OffsetDateTime[lineCount];
        Short[] lineNumbers = new Short[lineCount];
        Long[] lineProducts = new Long[lineCount];
        String[] lineCategories = new String[lineCount];
        Integer[] lineQuantities = new Integer[lineCount];
        String[] linePrices = new String[lineCount];
        int at = 0;
        for (int i = 0; i < n; i++) {
            List<Sale.Line> lines = sales.get(i).lines();
            for (int l = 0; l < lines.size(); l++, at++) {
                Sale.Line line = lines.get(l);
                lineOrders[at] = ids[i];
                lineTimes[at] = times[i];
                lineNumbers[at] = (short) l;
                lineProducts[at] = line.productId();
                lineCategories[at] = line.category();
                lineQuantities[at] = line.quantity();
                linePrices[at] = line.unitPrice().toPlainString();
            }
        }
        Future<?> header = conn.preparedQuery(StoreSql.INSERT_ORDERS)
                .execute(Tuple.of(ids, eventIds, times, customers, regions, revenues, units));
        Future<?> items = conn.preparedQuery(StoreSql.INSERT_ORDER_ITEMS).execute(Tuple.of(
                lineOrders, lineTimes, lineNumbers, lineProducts, lineCategories, lineQuantities, linePrices));
        return Future.all(header, items).mapEmpty();
    }

    /** The stored funnel rows of the sessions the keys name (every category of them), locked until the transaction ends. */
    Future<Map<SessionFunnel.Key, SessionFunnel.State>> lockFunnelSessions(SqlConnection conn, Set<SessionFunnel.Key> keys) {
        if (keys.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        String[] sessions = keys.stream().map(SessionFunnel.Key::sessionId).distinct().toArray(String[]::new);
        return conn.preparedQuery(StoreSql.LOCK_FUNNEL_SESSIONS).execute(Tuple.of((Object) sessions)).map(rows -> {
            Map<SessionFunnel.Key, SessionFunnel.State> stored = new HashMap<>(rows.size() * 2);
            rows.forEach(row -> stored.put(new SessionFunnel.Key(row.getString(0), row.getString(1)),
                    new SessionFunnel.State(row.getString(2), row.getOffsetDateTime(3).toInstant(), row.getInteger(4))));
            return stored;
        });
    }

    /**
     * Writes the funnel rows a merge changed: rows already stored (and locked) are updated, the others
     * inserted. Knowing which is which spares each row the conflict check of an upsert. In key order,
     * so consecutive rows share the upper pages of the index.
     */
    Future<Void> writeFunnelSessions(SqlConnection conn, Map<SessionFunnel.Key, SessionFunnel.State> rows,
                                     Set<SessionFunnel.Key> stored) {
        Map<SessionFunnel.Key, SessionFunnel.State> updates = new TreeMap<>(FUNNEL_KEY_ORDER);
        Map<SessionFunnel.Key, SessionFunnel.State> inserts = new TreeMap<>(FUNNEL_KEY_ORDER);
        rows.forEach((key, state) -> (stored.contains(key) ? updates : inserts).put(key, state));
        return Future.all(
                        writeFunnelRows(conn, StoreSql.UPDATE_FUNNEL_SESSIONS, updates),
                        writeFunnelRows(conn, StoreSql.INSERT_FUNNEL_SESSIONS, inserts))
                .mapEmpty();
    }

    private static Future<Void> writeFunnelRows(SqlConnection conn, String sql, Map<SessionFunnel.Key, SessionFunnel.State> rows) {
        if (rows.isEmpty()) {
            return Future.succeededFuture();
        }
        int n = rows.size();
        String[] sessions = new String[n];
        String[] categories = new String[n];
        String[] regions = new String[n];
        OffsetDateTime[] starts = new OffsetDateTime[n];
        Short[] steps = new Short[n];
        int i = 0;
        for (Map.Entry<SessionFunnel.Key, SessionFunnel.State> row : rows.entrySet()) {
            sessions[i] = row.getKey().sessionId();
            categories[i] = row.getKey().category();
            regions[i] = row.getValue().region();
            starts[i] = utc(row.getValue().startedAt());
            steps[i] = (short) row.getValue().steps();
            i++;
        }
        return conn.preparedQuery(sql).execute(Tuple.of(sessions, categories, regions, starts, steps)).mapEmpty();
    }

    /** Adds the batch's funnel deltas to the partition's own hourly funnel rows. */
    Future<Void> upsertFunnelRollup(SqlConnection conn, int partition, List<SessionFunnel.Delta> deltas) {
        if (deltas.isEmpty()) {
            return Future.succeededFuture();
        }
        int n = deltas.size();
        OffsetDateTime[] buckets = new OffsetDateTime[n];
        String[] categories = new String[n];
        String[] regions = new String[n];
        Short[] levels = new Short[n];
        Long[] sessions = new Long[n];
        for (int i = 0; i < n; i++) {
            SessionFunnel.Delta delta = deltas.get(i);
            buckets[i] = utc(delta.bucket());
            categories[i] = delta.category();
            regions[i] = delta.region();
            levels[i] = (short) delta.level();
            sessions[i] = delta.sessions();
        }
        return conn.preparedQuery(StoreSql.UPSERT_FUNNEL_HOURLY).execute(Tuple.of(buckets, categories, regions, levels, sessions, partition))
                .mapEmpty();
    }

    /** Adds the batch's events to the customers' product affinities. */
    Future<Void> upsertAffinities(SqlConnection conn, Map<Affinities.Key, Affinities.Delta> deltas) {
        if (deltas.isEmpty()) {
            return Future.succeededFuture();
        }
        int n = deltas.size();
        Long[] customers = new Long[n];
        Long[] products = new Long[n];
        Double[] weights = new Double[n];
        Integer[] events = new Integer[n];
        OffsetDateTime[] lastAt = new OffsetDateTime[n];
        String[] lastRegions = new String[n];
        int i = 0;
        for (Map.Entry<Affinities.Key, Affinities.Delta> entry : deltas.entrySet()) {
            customers[i] = entry.getKey().customerId();
            products[i] = entry.getKey().productId();
            weights[i] = entry.getValue().weight();
            events[i] = entry.getValue().events();
            lastAt[i] = utc(entry.getValue().lastAt());
            lastRegions[i] = entry.getValue().lastRegion();
            i++;
        }
        return conn.preparedQuery(StoreSql.UPSERT_AFFINITIES)
                .execute(Tuple.of(customers, products, weights, events, lastAt, lastRegions))
                .mapEmpty();
    }

    /** Records the fraud signals the new orders raise, judged against the orders stored before each. */
    Future<Void> flagOrders(SqlConnection conn, List<ShopEvent> orders, FraudRules rules) {
        if (orders.isEmpty()) {
            return Future.succeededFuture();
        }
        Long[] ids = new Long[orders.size()];
        OffsetDateTime[] times = new OffsetDateTime[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = orders.get(i).orderId();
            times[i] = utc(orders.get(i).occurredAt());
        }
        return conn.preparedQuery(StoreSql.FLAG_ORDERS).execute(Tuple.of(ids, times, rules.maxOrders(),
                        (int) rules.window().toMinutes(), rules.valueFactor(), rules.minHistory(), rules.maxRegions(),
                        FraudRules.TYPICAL_VALUE_ORDERS))
                .mapEmpty();
    }

    /**
     * Cancels the given orders where they are not cancelled yet (one cancellation per orderId);
     * returns the cancellations that took effect, as negated sales in the buckets of their orders.
     */
    Future<List<Sale>> cancelOrders(SqlConnection conn, List<ShopEvent> cancellations) {
        if (cancellations.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        Long[] orderIds = new Long[cancellations.size()];
        UUID[] eventIds = new UUID[orderIds.length];
        OffsetDateTime[] times = new OffsetDateTime[orderIds.length];
        for (int i = 0; i < orderIds.length; i++) {
            orderIds[i] = cancellations.get(i).orderId();
            eventIds[i] = cancellations.get(i).eventId();
            times[i] = utc(cancellations.get(i).occurredAt());
        }
        return conn.preparedQuery(StoreSql.CANCEL_ORDERS).execute(Tuple.of(orderIds, eventIds, times)).map(rows -> {
            List<Sale> cancelled = new ArrayList<>();
            long current = -1;
            List<Sale.Line> lines = null;
            for (Row row : rows) {
                long orderId = row.getLong(0);
                if (orderId != current) {
                    current = orderId;
                    lines = new ArrayList<>();
                    cancelled.add(new Sale(orderId, row.getOffsetDateTime(1).toInstant(), row.getString(2), lines, true));
                }
                lines.add(new Sale.Line(row.getLong(3), row.getString(4), row.getInteger(5), new BigDecimal(row.getString(6))));
            }
            return cancelled;
        });
    }

    /** Moves stock by the batch's deltas, in the partition's own rows. */
    Future<Void> moveStock(SqlConnection conn, int partition, Map<Long, Long> deltas) {
        if (deltas.isEmpty()) {
            return Future.succeededFuture();
        }
        Long[] ids = new Long[deltas.size()];
        Long[] amounts = new Long[deltas.size()];
        int i = 0;
        for (Map.Entry<Long, Long> delta : deltas.entrySet()) {
            ids[i] = delta.getKey();
            amounts[i++] = delta.getValue();
        }
        return conn.preparedQuery(StoreSql.MOVE_STOCK).execute(Tuple.of(ids, amounts, partition)).mapEmpty();
    }

    Future<Void> upsertRollups(SqlConnection conn, int partition, SalesRollup.Deltas deltas) {
        if (deltas.isEmpty()) {
            return Future.succeededFuture();
        }
        return Future.all(
                        upsert(conn, StoreSql.UPSERT_REGION_MINUTE, partition, deltas.regionMinute(), false),
                        upsert(conn, StoreSql.UPSERT_CATEGORY_REGION_MINUTE, partition, deltas.categoryRegionMinute(), true))
                .mapEmpty();
    }

    /** Marks, among the partition's own marks, the hours whose hour and day rollups the view maintenance must recompute. */
    Future<Void> markDirtyHours(SqlConnection conn, int partition, List<Instant> hours) {
        if (hours.isEmpty()) {
            return Future.succeededFuture();
        }
        OffsetDateTime[] buckets = hours.stream().map(EventStore::utc).toArray(OffsetDateTime[]::new);
        return conn.preparedQuery(StoreSql.MARK_DIRTY_HOURS).execute(Tuple.of(buckets, partition)).mapEmpty();
    }

    private static Future<?> upsert(SqlConnection conn, String sql, int partition, List<SalesRollup.Row> rows, boolean withCategory) {
        int n = rows.size();
        OffsetDateTime[] buckets = new OffsetDateTime[n];
        String[] categories = new String[n];
        String[] regions = new String[n];
        String[] revenues = new String[n];
        Long[] orders = new Long[n];
        Long[] units = new Long[n];
        for (int i = 0; i < n; i++) {
            SalesRollup.Row row = rows.get(i);
            buckets[i] = utc(row.bucket());
            categories[i] = row.category();
            regions[i] = row.region();
            revenues[i] = row.revenue().toPlainString();
            orders[i] = row.orders();
            units[i] = row.units();
        }
        Tuple values = withCategory
                ? Tuple.of(buckets, categories, regions, revenues, orders, units, partition)
                : Tuple.of(buckets, regions, revenues, orders, units, partition);
        return conn.preparedQuery(sql).execute(values);
    }

    /**
     * The events first stored from offsets [from, to) of a partition with event time at or after
     * {@code since}, in offset order, orders with their lines.
     */
    public Future<List<ReplayedEvent>> replay(SqlClient client, int partition, long from, long to, Instant since) {
        return client.preparedQuery(StoreSql.REPLAY_RANGE).execute(Tuple.of(partition, from, to, utc(since)))
                .map(rows -> {
                    List<ReplayedEvent> events = new ArrayList<>();
                    ReplayedEvent current = null;
                    for (Row row : rows) {
                        long offset = row.getLong(0);
                        if (current == null || current.offset() != offset) {
                            OffsetDateTime orderTime = row.getOffsetDateTime(6);
                            current = new ReplayedEvent(offset, EventType.fromWireName(row.getString(1)).orElseThrow(),
                                    row.getOffsetDateTime(2).toInstant(), row.getLong(3), row.getString(4), row.getLong(5),
                                    orderTime == null ? null : orderTime.toInstant(), new ArrayList<>());
                            events.add(current);
                        }
                        if (row.getLong(7) != null) {
                            current.lines().add(new Sale.Line(row.getLong(7), row.getString(8), row.getInteger(9),
                                    new BigDecimal(row.getString(10))));
                        }
                    }
                    return events;
                });
    }

    /**
     * An event read back from PostgreSQL to rebuild the realtime windows; a cancellation that took
     * effect carries its order's time and lines.
     */
    public record ReplayedEvent(long offset, EventType type, Instant occurredAt, long customerId, String region,
                         Long orderId, Instant orderTime, List<Sale.Line> lines) {

        /** The sale this event adds to or takes from the windows, if any. */
        public Optional<Sale> sale() {
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(type == EventType.ORDER_CANCELLED
                    ? new Sale(orderId, orderTime, region, lines, true)
                    : new Sale(orderId, occurredAt, region, lines, false));
        }
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
