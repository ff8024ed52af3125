package com.shopstream.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Typed access to configuration held in environment variables (all named {@code SHOP_*}; README
 * lists them). A malformed value fails start-up with a message naming the variable. Where the
 * stack is (hosts and ports) defaults to {@code infra/defaults.env}, the file the scripts read
 * too, packaged as {@value #DEFAULTS}.
 */
public final class Settings {

    static final String DEFAULTS = "/shopstream/defaults.env";
    private static final Map<String, String> STACK_DEFAULTS = stackDefaults();

    private final Map<String, String> values;

    /** The values given, over the stack's defaults; a blank value counts as not given. */
    public Settings(Map<String, String> values) {
        Map<String, String> merged = new HashMap<>(STACK_DEFAULTS);
        values.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                merged.put(name, value);
            }
        });
        this.values = Map.copyOf(merged);
    }

    public static Settings fromEnvironment() {
        return new Settings(System.getenv());
    }

    public String string(String name, String defaultValue) {
        String value = values.get(name);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    /** A value that has a stack default, so is always there. */
    public String string(String name) {
        String value = string(name, null);
        if (value == null) {
            throw new IllegalStateException(name + " is not set, and " + DEFAULTS + " has no default for it");
        }
        return value;
    }

    /** An integer that has a stack default, so is always there. */
    public int integer(String name) {
        string(name);
        return integer(name, 0);
    }

    /** A service's base URL: {@code <prefix>_URL}, or else {@code http://<prefix>_HOST:<prefix>_PORT}. */
    public String serviceUrl(String prefix) {
        return string(prefix + "_URL", "http://" + string(prefix + "_HOST") + ":" + integer(prefix + "_PORT"));
    }

    public int integer(String name, int defaultValue) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'");
        }
    }

    /** A duration as ISO-8601 ({@code PT5M}) or a number with a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 7d}. */
    public Duration duration(String name, Duration defaultValue) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return parseDuration(value.trim());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a duration such as 30s, 5m, 7d or PT5M, got '" + value + "'");
        }
    }

    public static Duration parseDuration(String text) {
        Objects.requireNonNull(text);
        if (text.startsWith("P") || text.startsWith("p")) {
            return Duration.parse(text);
        }
        int split = 0;
        while (split < text.length() && Character.isDigit(text.charAt(split))) {
            split++;
        }
        if (split == 0) {
            throw new IllegalArgumentException("no number in '" + text + "'");
        }
        long amount = Long.parseLong(text.substring(0, split));
        return switch (text.substring(split)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("unknown unit in '" + text + "'");
        };
    }

    private static Map<String, String> stackDefaults() {
        try (InputStream in = Settings.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is missing from the classpath (packaged from infra/defaults.env)");
            }
            Properties properties = new Properties();
            properties.load(in);
            Map<String, String> defaults = new HashMap<>();
            properties.stringPropertyNames().forEach(name -> defaults.put(name, properties.getProperty(name).trim()));
            return Map.copyOf(defaults);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
