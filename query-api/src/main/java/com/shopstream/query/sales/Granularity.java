package com.shopstream.query.sales;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The bucket sizes of the sales timeseries, each with the longest range it serves.
 */
public enum Granularity {
    MINUTE("minute", ChronoUnit.MINUTES, 1440),
    HOUR("hour", ChronoUnit.HOURS, 24 * 31),
    DAY("day", ChronoUnit.DAYS, 366);

    private final String label;
    private final ChronoUnit unit;
    private final int maxBuckets;

    Granularity(String label, ChronoUnit unit, int maxBuckets) {
        this.label = label;
        this.unit = unit;
        this.maxBuckets = maxBuckets;
    }

    String label() {
        return label;
    }

    int maxBuckets() {
        return maxBuckets;
    }

    Duration step() {
        return unit.getDuration();
    }

    public Instant floor(Instant t) {
        return t.truncatedTo(unit);
    }

    public Instant ceil(Instant t) {
        Instant floor = floor(t);
        return floor.equals(t) ? t : floor.plus(step());
    }
}
