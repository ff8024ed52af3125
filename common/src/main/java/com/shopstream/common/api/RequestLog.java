package com.shopstream.common.api;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.spi.context.storage.ContextLocal;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every route: gives the request an id (the caller's {@code X-Request-Id}
 * when it is a plausible one, a new one otherwise), returns it in the response, keeps it on the
 * request's Vert.x context so that every line logged while serving the request carries it, and
 * logs one access line when the response ends.
 */
public final class RequestLog implements Handler<RoutingContext> {

    public static final String HEADER = "X-Request-Id";
    private static final Logger ACCESS = LoggerFactory.getLogger("access");
    private static final int MAX_ID_LENGTH = 64;
    /** Registered when this class loads, which {@link #register()} makes happen before any Vert.x instance exists. */
    private static final ContextLocal<String> REQUEST_ID = ContextLocal.registerLocal(String.class);

    /** Context locals must exist before the Vert.x instance; service launchers call this first. */
    public static void register() {
        // loading the class registered the local
    }

    /** The id of the request being served on this thread, or null outside a request. */
    public static String current() {
        Context context = Vertx.currentContext();
        return context == null ? null : REQUEST_ID.get(context);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String id = ctx.request().getHeader(HEADER);
        if (!plausible(id)) {
            id = UUID.randomUUID().toString();
        }
        REQUEST_ID.put(Vertx.currentContext(), id);
        ctx.response().putHeader(HEADER, id);
        long start = System.nanoTime();
        String requestId = id;
        ctx.addEndHandler(done -> {
            ApiKey key = ApiKey.of(ctx);
            ACCESS.atInfo()
                    .addKeyValue("requestId", requestId)
                    .addKeyValue("method", ctx.request().method().name())
                    .addKeyValue("path", ctx.request().path())
                    .addKeyValue("status", ctx.response().getStatusCode())
                    .addKeyValue("durationMs", (System.nanoTime() - start) / 1_000_000.0)
                    .addKeyValue("bytes", ctx.response().bytesWritten())
                    .addKeyValue("apiKeyId", key == null ? null : key.id())
                    .log("request");
        });
        ctx.next();
    }

    /** Letters, digits, '-', '_' and '.', at most 64 of them: safe to log and to echo back. */
    static boolean plausible(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_' && c != '.') {
                return false;
            }
        }
        return true;
    }
}
