package com.shopstream.query.api;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * Opaque keyset cursors: the sort key of a page's last row, tagged with the kind of list it
 * belongs to, so the next page starts right after it and costs the same wherever it starts.
 */
public final class Cursor {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String PARAMETER = "cursor";

    private final String[] parts;

    private Cursor(String[] parts) {
        this.parts = parts;
    }

    public static String encode(String kind, Object... key) {
        StringJoiner text = new StringJoiner("|", kind + ":", "");
        for (Object part : key) {
            text.add(String.valueOf(part));
        }
        return ENCODER.encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The request's cursor of the given kind with the given number of parts, or null when it has none. */
    public static Cursor from(Parameters params, String kind, int size) {
        return parse(Params.optional(params, PARAMETER), kind, size);
    }

    static Cursor parse(String value, String kind, int size) {
        if (value == null) {
            return null;
        }
        try {
            String text = new String(DECODER.decode(value), StandardCharsets.UTF_8);
            if (text.startsWith(kind + ":")) {
                String[] parts = text.substring(kind.length() + 1).split("\\|", -1);
                if (parts.length == size) {
                    return new Cursor(parts);
                }
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw invalid();
    }

    public long longAt(int index) {
        return parsed(index, Long::valueOf);
    }

    public String textAt(int index) {
        return parts[index];
    }

    public BigDecimal decimalAt(int index) {
        return parsed(index, BigDecimal::new);
    }

    public Instant instantAt(int index) {
        return parsed(index, Instant::parse);
    }

    private <T> T parsed(int index, Function<String, T> parser) {
        try {
            return parser.apply(parts[index]);
        } catch (RuntimeException e) {
            throw invalid();
        }
    }

    private static BadParameterException invalid() {
        return new BadParameterException(PARAMETER, "is not a cursor returned by this endpoint");
    }
}
