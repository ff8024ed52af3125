package com.shopstream.aggregator.realtime;

import com.shopstream.common.Money;
import com.shopstream.common.realtime.RealtimeKeys;
import com.shopstream.common.realtime.Resolution;
import com.shopstream.aggregator.store.Candidate;
import com.shopstream.aggregator.store.Sale;
import com.shopstream.aggregator.store.StoredBatch;
import com.shopstream.contract.EventType;
import com.shopstream.contract.ShopEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The increments one batch makes to the realtime windows, pre-aggregated per bucket, and encoded for
 * {@code apply_batch.lua}: the keys, all in one key group, and a sequence of operations
 * {@code H|Z|P, key index, expireAtMillis, n, ...} (hash increments, sorted-set increments,
 * HyperLogLog adds).
 */
public final class RealtimeDelta {

    private static final Resolution[] RESOLUTIONS = Resolution.values();

    private final Map<Bucket, BucketDelta> buckets = new LinkedHashMap<>();
    // The bucket last used at each resolution: consecutive events nearly always share it.
    private final long[] lastStarts = new long[RESOLUTIONS.length];
    private final BucketDelta[] lastBuckets = new BucketDelta[RESOLUTIONS.length];

    private record Bucket(Resolution resolution, long start) {
    }

    private static final class BucketDelta {
        final long[] totals = new long[3];
        final Map<String, long[]> categories = new LinkedHashMap<>();
        final Map<String, long[]> regions = new LinkedHashMap<>();
        final Map<Long, long[]> products = new LinkedHashMap<>();
        final Set<Long> customers = new LinkedHashSet<>();
        boolean sales;
    }

    /** The increments of what one transaction stored: its new events' activity and the sales they changed. */
    public static RealtimeDelta of(StoredBatch stored) {
        RealtimeDelta delta = new RealtimeDelta();
        for (Candidate candidate : stored.stored()) {
            ShopEvent event = candidate.event();
            if (isCustomerActivity(event.type())) {
                delta.addActivity(event.occurredAt(), event.customerId());
            }
        }
        stored.sales().forEach(delta::addSale);
        return delta;
    }

    /** Whether an event shows its customer active; an inventory adjustment is the shop's own doing. */
    static boolean isCustomerActivity(EventType type) {
        return type != EventType.INVENTORY_ADJUSTED;
    }

    void addActivity(Instant occurredAt, long customerId) {
        for (Resolution resolution : RESOLUTIONS) {
            bucket(resolution, occurredAt).customers.add(customerId);
        }
    }

    /** Adds an order, or subtracts it when the sale is its cancellation. */
    void addSale(Sale sale) {
        int sign = sale.sign();
        long revenue = 0;
        long units = 0;
        for (Sale.Line line : sale.lines()) {
            revenue += Money.toCents(line.total());
            units += line.quantity();
        }
        for (Resolution resolution : RESOLUTIONS) {
            BucketDelta delta = bucket(resolution, sale.occurredAt());
            delta.sales = true;
            add(delta.totals, sign * revenue, sign, sign * units);
            add(delta.regions.computeIfAbsent(sale.region(), r -> new long[3]), sign * revenue, sign, sign * units);
            Set<String> countedCategories = new HashSet<>();
            for (Sale.Line line : sale.lines()) {
                long lineCents = sign * Money.toCents(line.total());
                long lineUnits = (long) sign * line.quantity();
                long[] category = delta.categories.computeIfAbsent(line.category(), c -> new long[3]);
                add(category, lineCents, countedCategories.add(line.category()) ? sign : 0, lineUnits);
                long[] product = delta.products.computeIfAbsent(line.productId(), p -> new long[2]);
                product[0] += lineCents;
                product[1] += lineUnits;
            }
        }
    }

    boolean isEmpty() {
        return buckets.isEmpty();
    }

    /** The keys a script call touches and the operations on them, by index into {@code keys} from 1. */
    record Operations(List<String> keys, List<String> args) {

        private void header(String op, String key, long expiresAt, int count) {
            keys.add(key);
            args.add(op);
            args.add(Integer.toString(keys.size()));
            args.add(Long.toString(expiresAt));
            args.add(Integer.toString(count));
        }
    }

    /** The operations on key group {@code group}, leaving out buckets whose keys would already have expired at {@code nowMillis}. */
    Operations toOperations(int group, long nowMillis) {
        Operations ops = new Operations(new ArrayList<>(), new ArrayList<>());
        List<String> args = ops.args();
        for (Map.Entry<Bucket, BucketDelta> entry : buckets.entrySet()) {
            Resolution resolution = entry.getKey().resolution();
            long start = entry.getKey().start();
            long expiresAt = RealtimeKeys.expiresAtMillis(resolution, start);
            if (expiresAt <= nowMillis) {
                continue;
            }
            BucketDelta delta = entry.getValue();
            if (delta.sales) {
                hashOp(ops, RealtimeKeys.totals(group, resolution, start), expiresAt, Map.of("", delta.totals), false);
                hashOp(ops, RealtimeKeys.byCategory(group, resolution, start), expiresAt, delta.categories, true);
                hashOp(ops, RealtimeKeys.byRegion(group, resolution, start), expiresAt, delta.regions, true);
                productOps(ops, group, resolution, start, expiresAt, delta.products);
            }
            if (!delta.customers.isEmpty()) {
                ops.header("P", RealtimeKeys.customers(group, resolution, start), expiresAt, delta.customers.size());
                delta.customers.forEach(c -> args.add(Long.toString(c)));
            }
        }
        return ops;
    }

    private BucketDelta bucket(Resolution resolution, Instant t) {
        long start = resolution.bucketOf(t.getEpochSecond());
        int i = resolution.ordinal();
        BucketDelta last = lastBuckets[i];
        if (last != null && lastStarts[i] == start) {
            return last;
        }
        BucketDelta delta = buckets.computeIfAbsent(new Bucket(resolution, start), b -> new BucketDelta());
        lastStarts[i] = start;
        lastBuckets[i] = delta;
        return delta;
    }

    private static void add(long[] measures, long revenueCents, long orders, long units) {
        measures[0] += revenueCents;
        measures[1] += orders;
        measures[2] += units;
    }

    private static void hashOp(Operations ops, String key, long expiresAt, Map<String, long[]> groups, boolean prefixed) {
        ops.header("H", key, expiresAt, groups.size() * 3);
        List<String> args = ops.args();
        groups.forEach((name, measures) -> {
            String prefix = prefixed ? name + "|" : "";
            args.add(prefix + RealtimeKeys.REVENUE);
            args.add(Long.toString(measures[0]));
            args.add(prefix + RealtimeKeys.ORDERS);
            args.add(Long.toString(measures[1]));
            args.add(prefix + RealtimeKeys.UNITS);
            args.add(Long.toString(measures[2]));
        });
    }

    private static void productOps(Operations ops, int group, Resolution resolution, long start, long expiresAt,
                                   Map<Long, long[]> products) {
        List<String> args = ops.args();
        ops.header("Z", RealtimeKeys.productRevenue(group, resolution, start), expiresAt, products.size());
        products.forEach((product, measures) -> {
            args.add(Long.toString(product));
            args.add(Long.toString(measures[0]));
        });
        ops.header("Z", RealtimeKeys.productUnits(group, resolution, start), expiresAt, products.size());
        products.forEach((product, measures) -> {
            args.add(Long.toString(product));
            args.add(Long.toString(measures[1]));
        });
    }
}
