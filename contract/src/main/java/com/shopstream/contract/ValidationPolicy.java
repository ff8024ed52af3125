package com.shopstream.contract;

import java.time.Duration;
import java.util.Objects;

/**
 * How far an event's time may lie from the clock: at most {@code maxFutureSkew} ahead, and at
 * most {@code allowedLateness} behind. Ingest and the aggregator apply the same policy.
 */
public record ValidationPolicy(Duration allowedLateness, Duration maxFutureSkew) {

    public static final ValidationPolicy DEFAULT = new ValidationPolicy(Duration.ofDays(7), Duration.ofMinutes(5));

    public ValidationPolicy {
        Objects.requireNonNull(allowedLateness, "allowedLateness");
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        if (allowedLateness.isNegative() || maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("allowedLateness and maxFutureSkew must not be negative");
        }
    }
}
