package com.shopstream.common.api;

import com.shopstream.common.HttpResponses;
import com.shopstream.contract.Text;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Admits a request's query parameters only when each is one its operation declares in the OpenAPI
 * document, given once, at most {@link #MAX_LENGTH} characters and free of control characters.
 * A misspelt parameter is an error rather than a silent default, no parameter reaches a handler or
 * the database with a NUL in it, and no made-up parameter makes a new entry in the answer cache.
 */
public final class QueryParameters implements Handler<RoutingContext> {

    public static final int MAX_LENGTH = 1024;

    private final Set<String> declared;

    public QueryParameters(Set<String> declared) {
        this.declared = Set.copyOf(declared);
    }

    @Override
    public void handle(RoutingContext ctx) {
        MultiMap params;
        try {
            params = ctx.queryParams();
        } catch (HttpException e) {
            HttpResponses.error(ctx, 400, "the query string is not valid percent-encoded UTF-8");
            return;
        }
        for (String name : params.names()) {
            String problem = problem(name, params.getAll(name));
            if (problem != null) {
                HttpResponses.badParameter(ctx, name, problem);
                return;
            }
        }
        ctx.next();
    }

    private String problem(String name, List<String> values) {
        if (!declared.contains(name)) {
            return "is not a parameter of this endpoint" + (declared.isEmpty()
                    ? ", which takes none"
                    : "; it takes " + String.join(", ", new TreeSet<>(declared)));
        }
        if (values.size() > 1) {
            return "is given " + values.size() + " times; give it once";
        }
        String value = values.get(0);
        if (value.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters";
        }
        return Text.problem(value, false);
    }
}
