package com.shopstream.query;

import com.shopstream.contract.EventValidator;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeSet;

/** Reads query parameters, failing with a {@link BadParameterException} that names the parameter. */
final class Params {

    private Params() {
    }

    static String optional(RoutingContext ctx, String name) {
        String value = ctx.queryParams().get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    static int integer(RoutingContext ctx, String name, int defaultValue, int min, int max) {
        String value = optional(ctx, name);
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

    static Instant instant(RoutingContext ctx, String name) {
        String value = optional(ctx, name);
        if (value == null) {
            throw new BadParameterException(name, "is required (an ISO-8601 time such as 2026-11-28T04:00:00Z)");
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadParameterException(name, "must be an ISO-8601 time with an offset, such as 2026-11-28T04:00:00Z");
        }
    }

    static <T> T choice(RoutingContext ctx, String name, String defaultValue, Map<String, T> choices) {
        String value = optional(ctx, name);
        T chosen = choices.get(value == null ? defaultValue : value);
        if (chosen == null) {
            throw new BadParameterException(name, "must be one of " + String.join(", ", new TreeSet<>(choices.keySet())));
        }
        return chosen;
    }

    static String region(RoutingContext ctx, String name) {
        String value = optional(ctx, name);
        if (value != null && !EventValidator.isRegion(value)) {
            throw new BadParameterException(name, "must be a lowercase identifier of letters, digits and hyphens, at most 32 characters");
        }
        return value;
    }

    static String category(RoutingContext ctx, String name) {
        String value = optional(ctx, name);
        if (value != null && value.length() > 64) {
            throw new BadParameterException(name, "must be at most 64 characters");
        }
        return value;
    }
}
