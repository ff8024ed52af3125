package com.shopstream.aggregator.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pre-aggregates newly stored orders and cancellations into the deltas of the minute rollups, one
 * row per bucket and key, so a batch costs one upsert row per key rather than one per order. Per
 * category, an order counts once however many of its lines fall in that category; a cancellation
 * subtracts exactly what its order added.
 */
final class SalesRollup {

    /** One rollup row's increments; {@code category} is null in the by-region rollups. */
    record Row(Instant bucket, String category, String region, BigDecimal revenue, long orders, long units) {
    }

    /**
     * The deltas of the two minute rollups, each sorted by key so concurrent upserts lock in one
     * order, and the hours they touch (sorted too), whose hour and day rollups must be recomputed.
     */
    record Deltas(List<Row> regionMinute, List<Row> categoryRegionMinute, List<Instant> touchedHours) {
        boolean isEmpty() {
            return regionMinute.isEmpty();
        }
    }

    private SalesRollup() {
    }

    static Deltas of(List<Sale> sales) {
        Set<Instant> hours = new TreeSet<>();
        sales.forEach(sale -> hours.add(TimeBuckets.hour(sale.occurredAt())));
        return new Deltas(byRegion(sales), byCategoryAndRegion(sales), List.copyOf(hours));
    }

    private static List<Row> byRegion(List<Sale> sales) {
        Map<Key, Accumulator> rows = new TreeMap<>();
        for (Sale sale : sales) {
            Accumulator row = rows.computeIfAbsent(new Key(TimeBuckets.minute(sale.occurredAt()), null, sale.region()),
                    k -> new Accumulator());
            row.orders += sale.sign();
            for (Sale.Line line : sale.lines()) {
                row.add(line, sale.sign());
            }
        }
        return toRows(rows);
    }

    private static List<Row> byCategoryAndRegion(List<Sale> sales) {
        Map<Key, Accumulator> rows = new TreeMap<>();
        Set<String> categoriesOfOrder = new HashSet<>();
        for (Sale sale : sales) {
            Instant bucket = TimeBuckets.minute(sale.occurredAt());
            categoriesOfOrder.clear();
            for (Sale.Line line : sale.lines()) {
                Accumulator row = rows.computeIfAbsent(new Key(bucket, line.category(), sale.region()),
                        k -> new Accumulator());
                row.add(line, sale.sign());
                if (categoriesOfOrder.add(line.category())) {
                    row.orders += sale.sign();
                }
            }
        }
        return toRows(rows);
    }

    private static List<Row> toRows(Map<Key, Accumulator> rows) {
        return rows.entrySet().stream()
                .map(e -> new Row(e.getKey().bucket, e.getKey().category, e.getKey().region,
                        e.getValue().revenue, e.getValue().orders, e.getValue().units))
                .toList();
    }

    private record Key(Instant bucket, String category, String region) implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator.comparing(Key::bucket)
                .thenComparing(Key::category, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Key::region);

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }
    }

    private static final class Accumulator {
        BigDecimal revenue = BigDecimal.ZERO.setScale(2);
        long orders;
        long units;

        void add(Sale.Line line, int sign) {
            revenue = revenue.add(sign > 0 ? line.total() : line.total().negate());
            units += (long) sign * line.quantity();
        }
    }
}
