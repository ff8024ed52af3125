package com.shopstream.common.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * Holds a request's body back while the asynchronous checks before it run (the API key, the rate
 * limit): a client without a valid key costs no body reading, and no part of the body arrives
 * before its reader is in place. Place {@link #hold()} before the checks and {@link #release()}
 * right before the body handler.
 *
 * <p>A request answered before its body was read (refused, or too large) ends its connection with
 * a lingering close: the answer says {@code Connection: close}, then the rest of the body is read
 * and dropped for at most {@link #LINGER}, and only then is the connection closed. Closing at once
 * would make the kernel reset a connection whose client is still sending, and a reset can destroy
 * the answer before the client reads it; never closing would let a client hold a connection open
 * with a body it never sends. On HTTP/2 only the request's stream is cancelled.
 */
public final class HeldBody {

    public static final Duration LINGER = Duration.ofSeconds(5);
    private static final long HTTP2_CANCEL = 0x8;

    private HeldBody() {
    }

    public static Handler<RoutingContext> hold() {
        return ctx -> {
            HttpServerRequest request = ctx.request();
            request.pause();
            boolean http2 = request.version() == HttpVersion.HTTP_2;
            ctx.addHeadersEndHandler(v -> {
                if (!request.isEnded() && !http2) {
                    ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
                }
            });
            ctx.addEndHandler(answered -> {
                if (answered.failed() || request.isEnded()) {
                    return;
                }
                if (http2) {
                    ctx.response().reset(HTTP2_CANCEL);
                } else {
                    closeAfterBody(ctx, request);
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

    private static void closeAfterBody(RoutingContext ctx, HttpServerRequest request) {
        HttpConnection connection = request.connection();
        long deadline = ctx.vertx().setTimer(LINGER.toMillis(), expired -> connection.close());
        request.exceptionHandler(failure -> connection.close());
        request.handler(dropped -> { });
        request.endHandler(end -> {
            ctx.vertx().cancelTimer(deadline);
            connection.close();
        });
        request.resume();
    }
}
