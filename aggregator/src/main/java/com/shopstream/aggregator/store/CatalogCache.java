package com.shopstream.aggregator.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Product categories from the catalog, cached for a short time. A batch asks once for all the
 * products it holds; only those not cached are read. Products not in the catalog are remembered
 * as absent for the same time, so they cost one query per TTL, not one per batch.
 */
public final class CatalogCache {

    private record Entry(String category, long expiresAtNanos) {
    }

    /** Beyond this many cached ids (a flood of unknown productIds, say) the cache starts over. */
    private static final int MAX_ENTRIES = 1_000_000;

    private final Pool pool;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();

    public CatalogCache(Pool pool, Duration ttl, LongSupplier nanoClock) {
        this.pool = pool;
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
    }

    /** The category of each product that is in the catalog; products that are not are left out. */
    Future<Map<Long, String>> categories(Collection<Long> productIds) {
        long now = nanoClock.getAsLong();
        Map<Long, String> known = new HashMap<>();
        List<Long> missing = new ArrayList<>();
        for (Long id : productIds) {
            Entry entry = entries.get(id);
            if (entry != null && entry.expiresAtNanos - now > 0) {
                if (entry.category != null) {
                    known.put(id, entry.category);
                }
            } else if (!known.containsKey(id)) {
                missing.add(id);
            }
        }
        if (missing.isEmpty()) {
            return Future.succeededFuture(known);
        }
        return pool.preparedQuery(StoreSql.PRODUCT_CATEGORIES).execute(Tuple.of(missing.toArray(Long[]::new)))
                .map(rows -> {
                    long expiresAt = nanoClock.getAsLong() + ttlNanos;
                    if (entries.size() + missing.size() > MAX_ENTRIES) {
                        entries.clear();
                    }
                    Map<Long, String> found = new HashMap<>();
                    rows.forEach(row -> found.put(row.getLong(0), row.getString(1)));
                    for (Long id : missing) {
                        String category = found.get(id);
                        entries.put(id, new Entry(category, expiresAt));
                        if (category != null) {
                            known.put(id, category);
                        }
                    }
                    return known;
                });
    }
}
