package com.shopstream.common.api;

import com.shopstream.common.Settings;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Groups of endpoints of similar cost, each with its own rate limit per API key: a default for
 * every key ({@code SHOP_RATE_LIMIT_<CLASS>}), replaced by the key's own limits where it has some.
 */
public enum EndpointClass {
    /** Realtime windows, best sellers, pipeline status: answered from Redis or in memory. */
    LIVE("50/s"),
    /** Opening a live stream or WebSocket, and issuing stream tokens: each open stream holds a connection. */
    STREAM("2/s"),
    /** History and analytics: timeseries, catalog pages, funnels, cohorts, segments and the like. */
    QUERY("20/s"),
    /** Similar products, recommendations and search: vector search, and an embedding per search. */
    SEARCH("10/s"),
    /** A GraphQL request, before each of its fields is charged to the class of the route it answers from. */
    GRAPHQL("20/s"),
    /** Catalog writes on query-api. */
    WRITE("10/s"),
    /** Key management. */
    ADMIN("5/s"),
    /** Event batches posted to ingest (each up to SHOP_INGEST_MAX_EVENTS events). */
    INGEST("100/s");

    private final String defaultLimit;

    EndpointClass(String defaultLimit) {
        this.defaultLimit = defaultLimit;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The class of a label, or null when there is none by that name. */
    public static EndpointClass of(String label) {
        for (EndpointClass endpointClass : values()) {
            if (endpointClass.label().equals(label)) {
                return endpointClass;
            }
        }
        return null;
    }

    /** Every class's default limit, from {@code SHOP_RATE_LIMIT_<CLASS>} or the built-in one. */
    public static Map<EndpointClass, RateLimit> defaultLimits(Settings settings) {
        Map<EndpointClass, RateLimit> limits = new EnumMap<>(EndpointClass.class);
        for (EndpointClass endpointClass : values()) {
            String variable = "SHOP_RATE_LIMIT_" + endpointClass.name();
            try {
                limits.put(endpointClass, RateLimit.parse(settings.string(variable, endpointClass.defaultLimit)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(variable + " " + e.getMessage(), e);
            }
        }
        return limits;
    }
}
