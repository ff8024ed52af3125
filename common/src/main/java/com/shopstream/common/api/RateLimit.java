package com.shopstream.common.api;

import java.time.Duration;
import java.util.Locale;

/**
 * A request rate such as {@code 100/s}, {@code 600/min} or {@code 5000/h}: up to {@code requests}
 * at once, replenished evenly over {@code period}. {@link #UNLIMITED} is never checked.
 */
public record RateLimit(long requests, Duration period) {

    public static final RateLimit UNLIMITED = new RateLimit(Long.MAX_VALUE, Duration.ZERO);

    public RateLimit {
        if (requests < 1) {
            throw new IllegalArgumentException("a rate limit allows at least one request");
        }
    }

    public boolean unlimited() {
        return period.isZero();
    }

    /** Milliseconds between two requests at the sustained rate. */
    public double intervalMillis() {
        return (double) period.toMillis() / requests;
    }

    /** Parses {@code N/s}, {@code N/min}, {@code N/h} or {@code unlimited}; the message of a failure says what is accepted. */
    public static RateLimit parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("unlimited")) {
            return UNLIMITED;
        }
        int slash = value.indexOf('/');
        if (slash > 0) {
            Duration period = switch (value.substring(slash + 1)) {
                case "s" -> Duration.ofSeconds(1);
                case "min" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                default -> null;
            };
            try {
                long requests = Long.parseLong(value.substring(0, slash));
                if (period != null && requests >= 1 && requests <= 1_000_000_000L) {
                    return new RateLimit(requests, period);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("must be N/s, N/min or N/h with N from 1 to 1000000000, or 'unlimited'; got '" + text + "'");
    }

    @Override
    public String toString() {
        if (unlimited()) {
            return "unlimited";
        }
        String unit = period.equals(Duration.ofSeconds(1)) ? "s" : period.equals(Duration.ofMinutes(1)) ? "min" : "h";
        return requests + "/" + unit;
    }
}
