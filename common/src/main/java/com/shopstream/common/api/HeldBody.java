package com.shopstream.common.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Holds a request's body back while the asynchronous checks before it run (the API key, the rate
 * limit): a client without a valid key costs no body reading, and no part of the body arrives
 * before its reader is in place. Place {@link #hold()} before the checks and {@link #release()}
 * right before the body handler. A request refused while its body is held is answered with
 * {@code Connection: close}, so the unread body ends with the connection instead of holding it.
 */
public final class HeldBody {

    private HeldBody() {
    }

    public static Handler<RoutingContext> hold() {
        return ctx -> {
            ctx.request().pause();
            ctx.addHeadersEndHandler(v -> {
                if (!ctx.request().isEnded()) {
                    ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
                }
            });
            ctx.next();
        };
    }

    public static Handler<RoutingContext> release() {
        return ctx -> {
            ctx.request().resume();
            ctx.next();
        };
    }
}
