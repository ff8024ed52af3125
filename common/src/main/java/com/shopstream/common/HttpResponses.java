package com.shopstream.common;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JSON responses and the JSON error bodies every service answers with. */
public final class HttpResponses {

    private static final Logger LOG = LoggerFactory.getLogger(HttpResponses.class);
    private static final String JSON = "application/json";

    private HttpResponses() {
    }

    public static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.toBuffer());
    }

    public static void error(RoutingContext ctx, int status, String message) {
        json(ctx, status, new JsonObject().put("error", message));
    }

    /** A 400 naming the query or path parameter at fault. */
    public static void badParameter(RoutingContext ctx, String parameter, String message) {
        json(ctx, 400, new JsonObject()
                .put("error", "invalid parameter '" + parameter + "': " + message)
                .put("errors", new JsonArray().add(new JsonObject().put("parameter", parameter).put("message", message))));
    }

    /** JSON bodies for the router's own failures: unknown path, wrong method, body too large, bugs. */
    public static void installErrorHandlers(Router router) {
        router.errorHandler(404, ctx -> error(ctx, 404, "no such resource: " + ctx.request().path()));
        router.errorHandler(405, ctx -> error(ctx, 405, "method " + ctx.request().method() + " not allowed on " + ctx.request().path()));
        router.errorHandler(413, ctx -> error(ctx, 413, "request body too large"));
        router.errorHandler(500, ctx -> {
            LOG.error("unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
            if (!ctx.response().headWritten()) {
                error(ctx, 500, "internal error");
            }
        });
    }
}
