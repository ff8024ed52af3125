package com.shopstream.query.api;

import com.shopstream.contract.EventValidator;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeSet;

/** Reads the parameters of a read, failing with a {@link BadParameterException} that names the parameter. */
public final class Params {

    private Params() {
    }

    public static String optional(Parameters params, String name) {
        return params.get(name);
    }

    public static int integer(Parameters params, String name, int defaultValue, int min, int max) {
        String value = optional(params, name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new BadParameterException(name, "must be an integer from " + min + " to " + max);
    }

    /** A decimal from {@code min} to {@code max}, inclusive. */
    public static BigDecimal decimal(Parameters params, String name, BigDecimal defaultValue, BigDecimal min, BigDecimal max) {
        String value = optional(params, name);
        if (value == null) {
            return defaultValue;
        }
        try {
            BigDecimal parsed = new BigDecimal(value);
            if (parsed.compareTo(min) >= 0 && parsed.compareTo(max) <= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new BadParameterException(name, "must be a number from " + min.toPlainString() + " to " + max.toPlainString());
    }

    /** A positive id in the path. */
    public static long pathId(Parameters params, String name) {
        try {
            long id = Long.parseLong(params.get(name));
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadParameterException(name, "must be a positive integer");
    }

    /** A time range [from, to). */
    public record Range(Instant from, Instant to) {
    }

    /** The {@code from} and {@code to} parameters: a range that is not empty and spans at most {@code max}. */
    public static Range range(Parameters params, Duration max) {
        Instant from = instant(params, "from");
        Instant to = instant(params, "to");
        if (!to.isAfter(from)) {
            throw new BadParameterException("to", "must be after 'from'");
        }
        if (Duration.between(from, to).compareTo(max) > 0) {
            throw new BadParameterException("to", "the range spans at most " + max.toDays() + " days");
        }
        return new Range(from, to);
    }

    public static Instant instant(Parameters params, String name) {
        String value = optional(params, name);
        if (value == null) {
            throw new BadParameterException(name, "is required (an ISO-8601 time such as 2026-11-28T04:00:00Z)");
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadParameterException(name, "must be an ISO-8601 time with an offset, such as 2026-11-28T04:00:00Z");
        }
    }

    public static <T> T choice(Parameters params, String name, String defaultValue, Map<String, T> choices) {
        String value = optional(params, name);
        T chosen = choices.get(value == null ? defaultValue : value);
        if (chosen == null) {
            throw new BadParameterException(name, "must be one of " + String.join(", ", new TreeSet<>(choices.keySet())));
        }
        return chosen;
    }

    public static String region(Parameters params, String name) {
        String value = optional(params, name);
        if (value != null && !EventValidator.isRegion(value)) {
            throw new BadParameterException(name, "must be a lowercase identifier of letters, digits and hyphens, at most 32 characters");
        }
        return value;
    }

    public static String category(Parameters params, String name) {
        String value = optional(params, name);
        if (value != null && value.length() > 64) {
            throw new BadParameterException(name, "must be at most 64 characters");
        }
        return value;
    }
}
