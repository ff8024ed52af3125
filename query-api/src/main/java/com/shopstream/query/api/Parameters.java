package com.shopstream.query.api;

import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * The named parameters of a read, wherever they come from: a REST request's path and query
 * parameters, or a GraphQL field's arguments. {@link Params} reads and checks them, so both doors
 * accept and refuse the same values with the same messages.
 */
@FunctionalInterface
public interface Parameters {

    /** The value given for {@code name}, or null when none or an empty one was given. */
    String get(String name);

    /** A request's path parameters, then its query parameters. */
    static Parameters of(RoutingContext ctx) {
        return name -> {
            String value = ctx.pathParam(name);
            return present(value != null ? value : ctx.queryParams().get(name));
        };
    }

    static Parameters of(Map<String, String> values) {
        return name -> present(values.get(name));
    }

    private static String present(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
