package com.shopstream.query;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The bucket sizes of the sales timeseries, each with the longest range it serves and the rollup
 * it reads (hour and day series come from the hourly rollups, so no range scans minute rows).
 */
enum Granularity {
    MINUTE("minute", ChronoUnit.MINUTES, 1440, "minute"),
    HOUR("hour", ChronoUnit.HOURS, 24 * 31, "hour"),
    DAY("day", ChronoUnit.DAYS, 366, "hour");

    private final String label;
    private final ChronoUnit unit;
    private final int maxBuckets;
    private final String rollup;

    Granularity(String label, ChronoUnit unit, int maxBuckets, String rollup) {
        this.label = label;
        this.unit = unit;
        this.maxBuckets = maxBuckets;
        this.rollup = rollup;
    }

    String label() {
        return label;
    }

    int maxBuckets() {
        return maxBuckets;
    }

    /** The suffix of the rollup tables this granularity reads: minute or hour. */
    String rollup() {
        return rollup;
    }

    Duration step() {
        return unit.getDuration();
    }

    Instant floor(Instant t) {
        return t.truncatedTo(unit);
    }

    Instant ceil(Instant t) {
        Instant floor = floor(t);
        return floor.equals(t) ? t : floor.plus(step());
    }
}
