package com.shopstream.streams.store;

import java.util.Objects;

/** A row of the minute rollup: one minute of event time, one product category, one region. */
public record RollupKey(long epochMinute, String category, String region) {

    public RollupKey {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(region, "region");
    }
}
