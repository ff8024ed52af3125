package com.shopstream.aggregator.realtime;

import com.shopstream.aggregator.store.Sale;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.common.realtime.RealtimeKeys;
import com.shopstream.common.realtime.Resolution;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RealtimeDeltaTest {

    private static final Instant T = Instant.parse("2026-11-28T10:15:42.5Z");
    private static final long SECOND = T.getEpochSecond();
    private static final long MINUTE = Resolution.MINUTE.bucketOf(SECOND);
    private static final long NOW_MILLIS = T.toEpochMilli();
    private static final int GROUP = 4;

    /** What apply_batch.lua does with the arguments, on an in-memory Redis. */
    private static final class Applied {
        final Map<String, Map<String, Long>> hashes = new HashMap<>();
        final Map<String, Map<String, Long>> sortedSets = new HashMap<>();
        final Map<String, Set<String>> hyperLogLogs = new HashMap<>();
        final Map<String, Long> expiries = new HashMap<>();

        Applied(RealtimeDelta.Operations ops) {
            List<String> args = ops.args();
            int i = 0;
            while (i < args.size()) {
                String op = args.get(i);
                String key = ops.keys().get(Integer.parseInt(args.get(i + 1)) - 1);
                long expireAt = Long.parseLong(args.get(i + 2));
                int n = Integer.parseInt(args.get(i + 3));
                i += 4;
                switch (op) {
                    case "H" -> {
                        for (int j = 0; j < n; j++, i += 2) {
                            hashes.computeIfAbsent(key, k -> new HashMap<>()).merge(args.get(i), Long.parseLong(args.get(i + 1)), Long::sum);
                        }
                    }
                    case "Z" -> {
                        for (int j = 0; j < n; j++, i += 2) {
                            sortedSets.computeIfAbsent(key, k -> new HashMap<>()).merge(args.get(i), Long.parseLong(args.get(i + 1)), Long::sum);
                        }
                    }
                    case "P" -> {
                        for (int j = 0; j < n; j++, i++) {
                            hyperLogLogs.computeIfAbsent(key, k -> new HashSet<>()).add(args.get(i));
                        }
                    }
                    default -> throw new AssertionError("unknown op " + op);
                }
                expiries.put(key, expireAt);
            }
        }
    }

    private static Sale sale(Instant at, String region, Sale.Line... lines) {
        return new Sale(1, at, region, List.of(lines), false);
    }

    private static Sale.Line line(long product, String category, int quantity, String price) {
        return new Sale.Line(product, category, quantity, new BigDecimal(price));
    }

    @Test
    @DisplayName("Sales land in their second and minute buckets: totals, categories, regions and products, revenue in cents")
    void salesInBothResolutions() {
        RealtimeDelta delta = new RealtimeDelta();
        delta.addSale(sale(T, "eu-west", line(7, "books", 3, "0.10"), line(8, "books", 1, "19.99"), line(9, "music", 1, "5.00")));
        delta.addSale(sale(T.plusMillis(200), "us-east", line(7, "books", 1, "0.10")));

        Applied applied = new Applied(delta.toOperations(GROUP, NOW_MILLIS));

        for (Resolution resolution : Resolution.values()) {
            long bucket = resolution == Resolution.SECOND ? SECOND : MINUTE;
            assertThat(applied.hashes.get(RealtimeKeys.totals(GROUP, resolution, bucket)))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("rev", 2539L, "ord", 2L, "units", 6L));
            assertThat(applied.hashes.get(RealtimeKeys.byCategory(GROUP, resolution, bucket))).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "books|rev", 2039L, "books|ord", 2L, "books|units", 5L,
                    "music|rev", 500L, "music|ord", 1L, "music|units", 1L));
            assertThat(applied.hashes.get(RealtimeKeys.byRegion(GROUP, resolution, bucket))).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "eu-west|rev", 2529L, "eu-west|ord", 1L, "eu-west|units", 5L,
                    "us-east|rev", 10L, "us-east|ord", 1L, "us-east|units", 1L));
            assertThat(applied.sortedSets.get(RealtimeKeys.productRevenue(GROUP, resolution, bucket)))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("7", 40L, "8", 1999L, "9", 500L));
            assertThat(applied.sortedSets.get(RealtimeKeys.productUnits(GROUP, resolution, bucket)))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("7", 4L, "8", 1L, "9", 1L));
            assertThat(applied.expiries.get(RealtimeKeys.totals(GROUP, resolution, bucket)))
                    .isEqualTo(RealtimeKeys.expiresAtMillis(resolution, bucket));
        }
    }

    @Test
    @DisplayName("Every event adds its customer to the distinct-customer sketches; views add no sales")
    void customers() {
        RealtimeDelta delta = new RealtimeDelta();
        delta.addActivity(T, 11);
        delta.addActivity(T.plusMillis(1), 12);
        delta.addActivity(T.plusMillis(2), 11);

        Applied applied = new Applied(delta.toOperations(GROUP, NOW_MILLIS));

        assertThat(applied.hyperLogLogs.get(RealtimeKeys.customers(GROUP, Resolution.SECOND, SECOND))).containsExactlyInAnyOrder("11", "12");
        assertThat(applied.hyperLogLogs.get(RealtimeKeys.customers(GROUP, Resolution.MINUTE, MINUTE))).containsExactlyInAnyOrder("11", "12");
        assertThat(applied.hashes).isEmpty();
    }

    @Test
    @DisplayName("Buckets whose keys would already have expired are left out; a late sale still in range is kept")
    void expiredBucketsLeftOut() {
        RealtimeDelta delta = new RealtimeDelta();
        delta.addSale(sale(T.minus(RealtimeKeys.KEEP).minusSeconds(120), "eu-west", line(1, "books", 1, "1.00")));
        delta.addSale(sale(T.minusSeconds(600), "eu-west", line(1, "books", 1, "2.00")));

        Applied applied = new Applied(delta.toOperations(GROUP, NOW_MILLIS));

        long lateSecond = SECOND - 600;
        assertThat(applied.hashes).containsOnlyKeys(
                RealtimeKeys.totals(GROUP, Resolution.SECOND, lateSecond), RealtimeKeys.byCategory(GROUP, Resolution.SECOND, lateSecond),
                RealtimeKeys.byRegion(GROUP, Resolution.SECOND, lateSecond),
                RealtimeKeys.totals(GROUP, Resolution.MINUTE, Resolution.MINUTE.bucketOf(lateSecond)),
                RealtimeKeys.byCategory(GROUP, Resolution.MINUTE, Resolution.MINUTE.bucketOf(lateSecond)),
                RealtimeKeys.byRegion(GROUP, Resolution.MINUTE, Resolution.MINUTE.bucketOf(lateSecond)));
    }

    @Test
    @DisplayName("An empty delta has no operations")
    void empty() {
        RealtimeDelta.Operations ops = new RealtimeDelta().toOperations(GROUP, NOW_MILLIS);
        assertThat(ops.keys()).isEmpty();
        assertThat(ops.args()).isEmpty();
    }

    @Test
    @DisplayName("A cancellation subtracts its order from every bucket, category, region and product it touched")
    void cancellation() {
        Sale order = sale(T, "eu-west", line(7, "books", 3, "0.10"), line(9, "music", 1, "5.00"));
        RealtimeDelta delta = new RealtimeDelta();
        delta.addSale(order.cancellation());

        Applied applied = new Applied(delta.toOperations(GROUP, NOW_MILLIS));

        assertThat(applied.hashes.get(RealtimeKeys.totals(GROUP, Resolution.MINUTE, MINUTE)))
                .containsExactlyInAnyOrderEntriesOf(Map.of("rev", -530L, "ord", -1L, "units", -4L));
        assertThat(applied.hashes.get(RealtimeKeys.byCategory(GROUP, Resolution.SECOND, SECOND))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "books|rev", -30L, "books|ord", -1L, "books|units", -3L, "music|rev", -500L, "music|ord", -1L, "music|units", -1L));
        assertThat(applied.sortedSets.get(RealtimeKeys.productUnits(GROUP, Resolution.MINUTE, MINUTE)))
                .containsExactlyInAnyOrderEntriesOf(Map.of("7", -3L, "9", -1L));
    }

    @Test
    @DisplayName("Every key a batch touches carries its key group's hash tag, so the apply script stays in one Redis Cluster slot")
    void oneSlotPerBatch() {
        RealtimeDelta delta = new RealtimeDelta();
        delta.addSale(sale(T, "eu-west", line(7, "books", 3, "0.10")));
        delta.addActivity(T, 11);

        RealtimeDelta.Operations ops = delta.toOperations(GROUP, NOW_MILLIS);

        assertThat(ops.keys()).hasSize(12).allSatisfy(key -> assertThat(key).startsWith("rt:{g" + GROUP + "}:"));
        assertThat(RealtimeKeys.fence(GROUP, "group", "topic")).startsWith("rt:{g" + GROUP + "}:");
    }
}
