package com.shopstream.loadgen.load;

import java.util.concurrent.atomic.AtomicLong;

/** How many sent events a sink has had acknowledged, refused or sent again, and the latest refusal. */
public final class Deliveries {

    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private volatile String lastError;

    void acknowledged(long events) {
        acknowledged.addAndGet(events);
    }

    void failed(long events, String error) {
        failed.addAndGet(events);
        lastError = error;
    }

    /** Events sent again after an attempt whose outcome was unknown or refused: each may reach the pipeline twice. */
    void resent(long events) {
        resent.addAndGet(events);
    }

    long resent() {
        return resent.get();
    }

    long acknowledged() {
        return acknowledged.get();
    }

    public long failed() {
        return failed.get();
    }

    /** The most recent failure; null when none. */
    public String lastError() {
        return lastError;
    }
}
