package com.shopstream.query;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Lets identical requests share one computation: a request that arrives while the same answer is
 * being computed, or within a short time after, gets that answer. Under many clients this bounds
 * the work per endpoint to a few computations per second instead of one per request. Answers carry
 * their own {@code asOf}, so what is shared is still exact for its moment. Failures are not kept.
 */
final class SharedResults {

    private static final class Entry {
        final Future<JsonObject> result;
        volatile long completedAtNanos;

        Entry(Future<JsonObject> result) {
            this.result = result;
        }
    }

    private final long reuseNanos;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    SharedResults(Duration reuseFor) {
        this.reuseNanos = reuseFor.toNanos();
    }

    Future<JsonObject> get(String key, Supplier<Future<JsonObject>> compute) {
        Entry entry = entries.get(key);
        if (entry != null && (!entry.result.isComplete() || System.nanoTime() - entry.completedAtNanos < reuseNanos)) {
            return entry.result;
        }
        Entry fresh = new Entry(compute.get());
        entries.put(key, fresh);
        fresh.result.onComplete(done -> {
            fresh.completedAtNanos = System.nanoTime();
            if (done.failed()) {
                entries.remove(key, fresh);
            }
        });
        return fresh.result;
    }
}
