package com.shopstream.aggregator.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Counts late events: those whose event time lies more than a threshold behind the latest event
 * time already stored from the same partition (its watermark). They are stored and counted in the
 * bucket of their event time like any other; the count only shows how out of order the stream is.
 */
public final class LateEvents {

    private final Duration threshold;

    public LateEvents(Duration threshold) {
        this.threshold = threshold;
    }

    /** The result of a pass: how many were late, and the partition's new watermark. */
    record Count(int late, Instant watermark) {
    }

    /** Walks event times in offset order, starting from the partition's stored watermark (may be null). */
    Count count(Instant watermark, List<Instant> eventTimes) {
        int late = 0;
        Instant max = watermark;
        for (Instant t : eventTimes) {
            if (max != null && t.isBefore(max.minus(threshold))) {
                late++;
            }
            if (max == null || t.isAfter(max)) {
                max = t;
            }
        }
        return new Count(late, max);
    }
}
