package com.shopstream.query.live;

import com.shopstream.query.api.BadParameterException;
import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.Params;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The realtime windows the API serves. */
enum Window {
    ONE_MINUTE("1m", Duration.ofMinutes(1)),
    FIVE_MINUTES("5m", Duration.ofMinutes(5)),
    FIFTEEN_MINUTES("15m", Duration.ofMinutes(15)),
    ONE_HOUR("1h", Duration.ofHours(1));

    private final String label;
    private final Duration length;

    Window(String label, Duration length) {
        this.label = label;
        this.length = length;
    }

    String label() {
        return label;
    }

    /** The head of an answer about this window: its label, when it ends ({@code asOf}) and when it starts. */
    JsonObject describe(Instant asOf, Instant from) {
        return new JsonObject().put("window", label).put("asOf", asOf.toString()).put("from", from.toString());
    }

    Duration length() {
        return length;
    }

    static Window parameter(Parameters params, String name, Window defaultWindow) {
        String value = Params.optional(params, name);
        return value == null ? defaultWindow : parse(name, value);
    }

    static Window parse(String parameter, String value) {
        for (Window window : values()) {
            if (window.label.equals(value)) {
                return window;
            }
        }
        throw new BadParameterException(parameter, "must be one of " + labels());
    }

    static String labels() {
        return Arrays.stream(values()).map(Window::label).collect(Collectors.joining(", "));
    }
}
