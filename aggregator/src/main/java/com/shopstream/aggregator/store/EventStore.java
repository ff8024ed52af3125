package com.shopstream.aggregator.store;

import static com.shopstream.aggregator.store.UtcTimestamps.utc;

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
import java.util.UUID;
import java.util.function.Function;

/** The aggregator's PostgreSQL statements: progress rows, raw events (their own idempotency ledger), orders and their ledger, rollups. */
public final class EventStore {

    /** A partition's committed position and the latest event time stored from it. */
    record Progress(long nextOffset, Instant maxEventTime) {
    }

    /** What one batch adds to a partition's counters. */
    record Counters(long nextOffset, int stored, int duplicates, int late, int deadLettered, Instant maxEventTime,
                    int cancellationsApplied, int cancellationsIgnored, long offsetsSkipped) {
    }

    /**
     * The order of the events' unique index, (occurred_at, event_id); PostgreSQL compares uuids as
     * unsigned bytes, where {@link UUID#compareTo} compares signed longs.
     */
    private static final Comparator<Candidate> IN_EVENT_KEY_ORDER = (a, b) -> {
        int time = a.event().occurredAt().compareTo(b.event().occurredAt());
        if (time != 0) {
            return time;
        }
        UUID x = a.event().eventId();
        UUID y = b.event().eventId();
        int high = Long.compareUnsigned(x.getMostSignificantBits(), y.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(x.getLeastSignificantBits(), y.getLeastSignificantBits());
    };

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

    /** Records the orderIds in the ledger; returns the ones it had not seen before. */
    Future<Set<Long>> insertOrderIds(SqlConnection conn, List<ShopEvent> orders) {
        if (orders.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        return conn.preparedQuery(StoreSql.INSERT_ORDER_IDS).execute(idsAndTimes(orders, Long.class, ShopEvent::orderId))
                .map(rows -> {
                    Set<Long> fresh = new HashSet<>(rows.size() * 2);
                    rows.forEach(row -> fresh.add(row.getLong(0)));
                    return fresh;
                });
    }

    /**
     * Inserts the events not stored yet, an event being its eventId at its occurredAt; returns their
     * offsets. In the unique index's order: two batches holding the same new events wait for each
     * other at the index in one order, and the later fails instead of both deadlocking.
     */
    Future<Set<Long>> insertEvents(SqlConnection conn, int partition, List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(IN_EVENT_KEY_ORDER);
        return conn.preparedQuery(StoreSql.INSERT_EVENTS).execute(UnnestColumns.of(sorted)
                        .column(UUID.class, c -> c.event().eventId())
                        .column(OffsetDateTime.class, c -> utc(c.event().occurredAt()))
                        .column(String.class, c -> c.event().type().wireName())
                        .column(Long.class, c -> c.event().customerId())
                        .column(String.class, c -> c.event().sessionId())
                        .column(String.class, c -> c.event().region())
                        .column(Long.class, c -> c.event().productId())
                        .column(Long.class, c -> c.event().orderId())
                        .column(Integer.class, c -> c.event().stockDelta())
                        .column(String.class, c -> c.event().reason() == null ? null : c.event().reason().wireName())
                        .value(partition)
                        .column(Long.class, Candidate::offset)
                        .parameters())
                .map(rows -> {
                    Set<Long> fresh = new HashSet<>(rows.size() * 2);
                    rows.forEach(row -> fresh.add(row.getLong(0)));
                    return fresh;
                });
    }

    /** Deletes the rows of events inserted in this transaction that the batch does not keep. */
    Future<Void> deleteEvents(SqlConnection conn, List<ShopEvent> events) {
        if (events.isEmpty()) {
            return Future.succeededFuture();
        }
        return conn.preparedQuery(StoreSql.DELETE_EVENTS).execute(idsAndTimes(events, UUID.class, ShopEvent::eventId)).mapEmpty();
    }

    Future<Void> insertOrders(SqlConnection conn, List<ShopEvent> orders, List<Sale> sales) {
        if (orders.isEmpty()) {
            return Future.succeededFuture();
        }
        List<NumberedLine> lines = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            List<Sale.Line> saleLines = sales.get(i).lines();
            for (int number = 0; number < saleLines.size(); number++) {
                lines.add(new NumberedLine(orders.get(i), (short) number, saleLines.get(number)));
            }
        }
        Future<?> header = conn.preparedQuery(StoreSql.INSERT_ORDERS).execute(UnnestColumns.of(orders)
                .column(Long.class, ShopEvent::orderId)
                .column(UUID.class, ShopEvent::eventId)
                .column(OffsetDateTime.class, order -> utc(order.occurredAt()))
                .column(Long.class, ShopEvent::customerId)
                .column(String.class, ShopEvent::region)
                .column(String.class, order -> order.revenue().toPlainString())
                .column(Integer.class, ShopEvent::units)
                .parameters());
        Future<?> items = conn.preparedQuery(StoreSql.INSERT_ORDER_ITEMS).execute(UnnestColumns.of(lines)
                .column(Long.class, l -> l.order().orderId())
                .column(OffsetDateTime.class, l -> utc(l.order().occurredAt()))
                .column(Short.class, NumberedLine::number)
                .column(Long.class, l -> l.line().productId())
                .column(String.class, l -> l.line().category())
                .column(Integer.class, l -> l.line().quantity())
                .column(String.class, l -> l.line().unitPrice().toPlainString())
                .parameters());
        return Future.all(header, items).mapEmpty();
    }

    /** The stored funnel states of the sessions the keys name (every category of them), locked until the transaction ends. */
    Future<Map<SessionFunnel.Key, SessionFunnel.State>> lockFunnelSessions(SqlConnection conn, Set<SessionFunnel.Key> keys) {
        if (keys.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        String[] sessions = keys.stream().map(SessionFunnel.Key::sessionId).distinct().toArray(String[]::new);
        return conn.preparedQuery(StoreSql.LOCK_FUNNEL_SESSIONS).execute(Tuple.of((Object) sessions)).map(rows -> {
            Map<SessionFunnel.Key, SessionFunnel.State> stored = new HashMap<>(keys.size() * 2);
            for (Row row : rows) {
                String session = row.getString(0);
                String[] categories = row.getArrayOfStrings(1);
                String[] regions = row.getArrayOfStrings(2);
                OffsetDateTime[] startedAt = row.getArrayOfOffsetDateTimes(3);
                Short[] steps = row.getArrayOfShorts(4);
                for (int i = 0; i < categories.length; i++) {
                    stored.put(new SessionFunnel.Key(session, categories[i]),
                            new SessionFunnel.State(regions[i], startedAt[i].toInstant(), steps[i]));
                }
            }
            return stored;
        });
    }

    /**
     * Writes the sessions a merge changed, each as one row of all its categories: sessions already
     * stored (and locked) are updated, the others inserted. Knowing which is which spares each row
     * the conflict check of an upsert.
     */
    Future<Void> writeFunnelSessions(SqlConnection conn, Map<SessionFunnel.Key, SessionFunnel.State> rows,
                                     Set<SessionFunnel.Key> stored) {
        Set<String> storedSessions = new HashSet<>(stored.size() * 2);
        stored.forEach(key -> storedSessions.add(key.sessionId()));
        Map<SessionFunnel.Key, SessionFunnel.State> updates = new HashMap<>();
        Map<SessionFunnel.Key, SessionFunnel.State> inserts = new HashMap<>();
        rows.forEach((key, state) -> (storedSessions.contains(key.sessionId()) ? updates : inserts).put(key, state));
        return Future.all(
                        writeFunnelRows(conn, StoreSql.UPDATE_FUNNEL_SESSIONS, updates),
                        writeFunnelRows(conn, StoreSql.INSERT_FUNNEL_SESSIONS, inserts))
                .mapEmpty();
    }

    private static Future<Void> writeFunnelRows(SqlConnection conn, String sql, Map<SessionFunnel.Key, SessionFunnel.State> rows) {
        if (rows.isEmpty()) {
            return Future.succeededFuture();
        }
        return conn.preparedQuery(sql).execute(UnnestColumns.of(rows.entrySet())
                        .column(String.class, row -> row.getKey().sessionId())
                        .column(String.class, row -> row.getKey().category())
                        .column(String.class, row -> row.getValue().region())
                        .column(OffsetDateTime.class, row -> utc(row.getValue().startedAt()))
                        .column(Short.class, row -> (short) row.getValue().steps())
                        .parameters())
                .mapEmpty();
    }

    /** Adds the batch's funnel deltas to the partition's own hourly funnel rows. */
    Future<Void> upsertFunnelRollup(SqlConnection conn, int partition, List<SessionFunnel.Delta> deltas) {
        if (deltas.isEmpty()) {
            return Future.succeededFuture();
        }
        return conn.preparedQuery(StoreSql.UPSERT_FUNNEL_HOURLY).execute(UnnestColumns.of(deltas)
                        .column(OffsetDateTime.class, delta -> utc(delta.bucket()))
                        .column(String.class, SessionFunnel.Delta::category)
                        .column(String.class, SessionFunnel.Delta::region)
                        .column(Short.class, delta -> (short) delta.level())
                        .column(Long.class, SessionFunnel.Delta::sessions)
                        .value(partition)
                        .parameters())
                .mapEmpty();
    }

    /** Adds the batch's events to the customers' product affinities. */
    Future<Void> upsertAffinities(SqlConnection conn, Map<Affinities.Key, Affinities.Delta> deltas) {
        if (deltas.isEmpty()) {
            return Future.succeededFuture();
        }
        return conn.preparedQuery(StoreSql.UPSERT_AFFINITIES).execute(UnnestColumns.of(deltas.entrySet())
                        .column(Long.class, entry -> entry.getKey().customerId())
                        .column(Long.class, entry -> entry.getKey().productId())
                        .column(Double.class, entry -> entry.getValue().weight())
                        .column(Integer.class, entry -> entry.getValue().events())
                        .column(OffsetDateTime.class, entry -> utc(entry.getValue().lastAt()))
                        .column(String.class, entry -> entry.getValue().lastRegion())
                        .parameters())
                .mapEmpty();
    }

    /** Records the fraud signals the new orders raise, judged against the orders stored before each. */
    Future<Void> flagOrders(SqlConnection conn, List<ShopEvent> orders, FraudRules rules) {
        if (orders.isEmpty()) {
            return Future.succeededFuture();
        }
        Tuple parameters = idsAndTimes(orders, Long.class, ShopEvent::orderId)
                .addValue(rules.maxOrders())
                .addValue((int) rules.window().toMinutes())
                .addValue(rules.valueFactor())
                .addValue(rules.minHistory())
                .addValue(rules.maxRegions())
                .addValue(FraudRules.TYPICAL_VALUE_ORDERS);
        return conn.preparedQuery(StoreSql.FLAG_ORDERS).execute(parameters).mapEmpty();
    }

    /**
     * Cancels the given orders where they are not cancelled yet (one cancellation per orderId), recording
     * which event of the partition did it; returns the cancellations that took effect, as negated sales
     * in the buckets of their orders.
     */
    Future<List<Sale>> cancelOrders(SqlConnection conn, int partition, List<Candidate> cancellations) {
        if (cancellations.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        Tuple parameters = UnnestColumns.of(cancellations)
                .column(Long.class, c -> c.event().orderId())
                .column(UUID.class, c -> c.event().eventId())
                .column(OffsetDateTime.class, c -> utc(c.event().occurredAt()))
                .column(Long.class, Candidate::offset)
                .value(partition)
                .parameters();
        return conn.preparedQuery(StoreSql.CANCEL_ORDERS).execute(parameters).map(rows -> {
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
        return conn.preparedQuery(StoreSql.MOVE_STOCK).execute(UnnestColumns.of(deltas.entrySet())
                        .column(Long.class, Map.Entry::getKey)
                        .column(Long.class, Map.Entry::getValue)
                        .value(partition)
                        .parameters())
                .mapEmpty();
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
        OffsetDateTime[] buckets = hours.stream().map(UtcTimestamps::utc).toArray(OffsetDateTime[]::new);
        return conn.preparedQuery(StoreSql.MARK_DIRTY_HOURS).execute(Tuple.of(buckets, partition)).mapEmpty();
    }

    private static Future<?> upsert(SqlConnection conn, String sql, int partition, List<SalesRollup.Row> rows, boolean withCategory) {
        UnnestColumns<SalesRollup.Row> columns = UnnestColumns.of(rows).column(OffsetDateTime.class, row -> utc(row.bucket()));
        if (withCategory) {
            columns.column(String.class, SalesRollup.Row::category);
        }
        return conn.preparedQuery(sql).execute(columns
                .column(String.class, SalesRollup.Row::region)
                .column(String.class, row -> row.revenue().toPlainString())
                .column(Long.class, SalesRollup.Row::orders)
                .column(Long.class, SalesRollup.Row::units)
                .value(partition)
                .parameters());
    }

    /**
     * The first offset of [from, to) of a partition whose event {@link #replay} would read back with
     * the same {@code since}; {@code to} when there is none.
     */
    public Future<Long> firstReplayedOffset(SqlClient client, int partition, long from, long to, Instant since) {
        return client.preparedQuery(StoreSql.FIRST_REPLAYED_OFFSET).execute(Tuple.of(partition, from, to, utc(since)))
                .map(rows -> rows.iterator().next().getLong(0));
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

    /** One line of an order, with its number within the order. */
    private record NumberedLine(ShopEvent order, short number, Sale.Line line) {
    }

    /** The parameters of a ledger-like statement: the events' ids and their times. */
    private static <I> Tuple idsAndTimes(List<ShopEvent> events, Class<I> idType, Function<ShopEvent, I> id) {
        return UnnestColumns.of(events).column(idType, id).column(OffsetDateTime.class, e -> utc(e.occurredAt())).parameters();
    }
}
