package com.shopstream.common.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A known, unrevoked API key as a request presents it: who it is (id, name, the prefix shown in
 * lists), what it may do, and the rate limits that replace the service's defaults for it, by
 * endpoint class ({@code "*"} for every class it does not name).
 */
public record ApiKey(long id, String name, String prefix, Set<Scope> scopes, Map<String, RateLimit> rateLimits) {

    private static final String CONTEXT_KEY = ApiKey.class.getName();

    public ApiKey {
        scopes = Set.copyOf(scopes);
        rateLimits = Map.copyOf(rateLimits);
    }

    public boolean allows(Scope scope) {
        return scopes.contains(scope);
    }

    /** The limit for an endpoint class: this key's own, its {@code "*"}, or the service's default. */
    public RateLimit rateLimit(String endpointClass, RateLimit serviceDefault) {
        RateLimit own = rateLimits.get(endpointClass);
        return own != null ? own : rateLimits.getOrDefault("*", serviceDefault);
    }

    /** Parses the stored {@code rate_limits} object; a malformed entry fails with the class it belongs to. */
    public static Map<String, RateLimit> parseRateLimits(JsonObject json) {
        Map<String, RateLimit> limits = new HashMap<>();
        for (String endpointClass : json.fieldNames()) {
            if (!endpointClass.equals("*") && EndpointClass.of(endpointClass) == null) {
                throw new IllegalArgumentException("rateLimits." + endpointClass + " is not an endpoint class");
            }
            Object value = json.getValue(endpointClass);
            try {
                limits.put(endpointClass, RateLimit.parse(value instanceof String text ? text : null));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("rateLimits." + endpointClass + " " + e.getMessage(), e);
            }
        }
        return limits;
    }

    void attachTo(RoutingContext ctx) {
        ctx.put(CONTEXT_KEY, this);
    }

    /** The key the request was authenticated with, or null on an open route. */
    public static ApiKey of(RoutingContext ctx) {
        return ctx.get(CONTEXT_KEY);
    }
}
