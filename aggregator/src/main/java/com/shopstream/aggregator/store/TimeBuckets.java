package com.shopstream.aggregator.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** UTC bucket boundaries of event times. */
final class TimeBuckets {

    private TimeBuckets() {
    }

    static Instant minute(Instant t) {
        return t.truncatedTo(ChronoUnit.MINUTES);
    }

    static Instant hour(Instant t) {
        return t.truncatedTo(ChronoUnit.HOURS);
    }
}
