package com.shopstream.common.api;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts failed authentications per client address in fixed windows and refuses an address that
 * failed too often, before its next key costs a lookup: guessing keys, or flooding PostgreSQL with
 * unknown ones, stops after a few attempts. Kept in memory per instance, so behind N instances an
 * address gets N times the budget; the map is bounded, and cleared whole should it fill up.
 */
public final class FailedAuthentications {

    private static final int MAX_ADDRESSES = 100_000;

    private record Window(long startNanos, int failures) {
    }

    private final int maxFailures;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public FailedAuthentications(int maxFailures, Duration window, LongSupplier nanoTime) {
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Seconds until the address may try again, or 0 when it may now. */
    public long retryAfterSeconds(String address) {
        Window window = windows.get(address);
        long now = nanoTime.getAsLong();
        if (window == null || window.failures() < maxFailures || now - window.startNanos() >= windowNanos) {
            return 0;
        }
        return Math.max(1, Duration.ofNanos(window.startNanos() + windowNanos - now).toSeconds());
    }

    public void failed(String address) {
        if (windows.size() >= MAX_ADDRESSES) {
            windows.clear();
        }
        long now = nanoTime.getAsLong();
        windows.compute(address, (a, window) -> window == null || now - window.startNanos() >= windowNanos
                ? new Window(now, 1)
                : new Window(window.startNanos(), window.failures() + 1));
    }
}
