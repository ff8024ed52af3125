package com.shopstream.common;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning for a failure that may repeat on every request (Redis down under load): logged at
 * most once per ten seconds, so that the log says what is wrong without drowning in it.
 */
public final class ThrottledWarning {

    private static final long EVERY_MS = 10_000;

    private final Logger log;
    private final String message;
    private final AtomicLong lastAt = new AtomicLong();

    /** {@code message} is a log format with one argument, the failure. */
    public ThrottledWarning(Logger log, String message) {
        this.log = log;
        this.message = message;
    }

    public void log(Throwable cause) {
        long now = System.currentTimeMillis();
        long last = lastAt.get();
        if (now - last >= EVERY_MS && lastAt.compareAndSet(last, now)) {
            log.warn(message, cause.toString());
        }
    }
}
