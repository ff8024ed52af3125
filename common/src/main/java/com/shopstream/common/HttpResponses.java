package com.shopstream.common;

import com.shopstream.contract.Text;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JSON responses and the JSON error bodies every service answers with. */
public final class HttpResponses {

    private static final Logger LOG = LoggerFactory.getLogger(HttpResponses.class);
    private static final String JSON = "application/json";
    private static final int QUOTED_NAME_LENGTH = 64;
    /**
     * Statuses Vert.x produces on its own with an empty body, each answered with a JSON error: a
     * query string it cannot decode, a body over the limit, a request line or headers too long.
     * Every other error status is answered by this project's code, in JSON already.
     */
    private static final Map<Integer, String> FRAMEWORK_ERRORS = Map.of(
            400, "bad request",
            413, "request body too large",
            414, "request URI too long",
            431, "request header fields too large");

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
                .put("error", "invalid parameter " + Text.quote(parameter, QUOTED_NAME_LENGTH) + ": " + message)
                .put("errors", new JsonArray().add(new JsonObject().put("parameter", parameter).put("message", message))));
    }

    /** JSON bodies for the router's own failures: unknown path, wrong method, body too large, bugs and the rest. */
    public static void installErrorHandlers(Router router) {
        router.errorHandler(404, ctx -> error(ctx, 404, "no such resource: " + Text.quote(ctx.request().path(), 200)));
        router.errorHandler(405, ctx -> error(ctx, 405, "method " + ctx.request().method() + " not allowed on "
                + Text.quote(ctx.request().path(), 200)));
        FRAMEWORK_ERRORS.forEach((status, message) -> router.errorHandler(status, ctx -> {
            if (!ctx.response().headWritten()) {
                error(ctx, status, message);
            }
        }));
        router.errorHandler(500, ctx -> {
            LOG.error("unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
            if (!ctx.response().headWritten()) {
                error(ctx, 500, "internal error");
            }
        });
    }

    /**
     * Answers requests the HTTP decoder could not read (request line or headers too long, not HTTP)
     * with a JSON error, as Vert.x's default handler would with an empty body; the connection closes after.
     */
    public static Handler<HttpServerRequest> invalidRequestHandler() {
        return request -> {
            Throwable cause = request.decoderResult().cause();
            int status = cause instanceof TooLongHttpLineException ? 414 : cause instanceof TooLongHttpHeaderException ? 431 : 400;
            request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                    .end(new JsonObject().put("error", status == 400 ? "malformed HTTP request" : FRAMEWORK_ERRORS.get(status)).toBuffer());
        };
    }
}
