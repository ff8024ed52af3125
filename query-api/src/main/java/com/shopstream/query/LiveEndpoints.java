package com.shopstream.query;

import com.shopstream.common.HttpResponses;
import com.shopstream.common.api.ApiKey;
import com.shopstream.common.api.ApiKeyAuthenticator;
import com.shopstream.common.api.ApiKeySecrets;
import com.shopstream.common.api.Scope;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The live updates: {@code GET /v1/stream} as server-sent events and {@code /v1/ws} as a
 * WebSocket, both fed by the {@link LiveFeed}. A stream is opened with an {@code X-API-Key}
 * header, or, from a browser's {@code EventSource} that cannot send one, with a short-lived token
 * from {@code POST /v1/stream/tokens}. A WebSocket takes the header too, or else its first message
 * must be {@code {"type":"auth","apiKey":"..."}} within {@link #AUTH_TIMEOUT}; keys never go in URLs.
 */
final class LiveEndpoints {

    static final Duration AUTH_TIMEOUT = Duration.ofSeconds(5);
    private static final short POLICY_VIOLATION = 1008;
    private static final short TRY_AGAIN_LATER = 1013;

    private final Vertx vertx;
    private final LiveFeed feed;
    private final ApiKeyAuthenticator keys;
    private final StreamTokens tokens;
    private final Clock clock;
    private final int maxQueuedBytes;

    LiveEndpoints(Vertx vertx, LiveFeed feed, ApiKeyAuthenticator keys, StreamTokens tokens, Clock clock, int maxQueuedBytes) {
        this.vertx = vertx;
        this.feed = feed;
        this.keys = keys;
        this.tokens = tokens;
        this.clock = clock;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    /** {@code POST /v1/stream/tokens}, behind the key check: a token for the request's key. */
    void issueToken(RoutingContext ctx) {
        Instant expiresAt = clock.instant().plus(StreamTokens.LIFETIME);
        HttpResponses.json(ctx, 201, new JsonObject()
                .put("token", tokens.issue(ApiKey.of(ctx).id(), expiresAt))
                .put("expiresAt", expiresAt.toString()));
    }

    /** Lets {@code /v1/stream} through with a valid token; requests without one go on to the key check. */
    Handler<RoutingContext> tokenOrKey(Handler<RoutingContext> keyCheck) {
        return ctx -> {
            String token = Params.optional(ctx, "token");
            if (token == null) {
                keyCheck.handle(ctx);
            } else if (tokens.verify(token, clock.instant()) == null) {
                HttpResponses.error(ctx, 401, "invalid or expired stream token; get a new one from POST /v1/stream/tokens");
            } else {
                ctx.next();
            }
        };
    }

    /** {@code GET /v1/stream}: server-sent events, one {@code snapshot} event per interval. */
    void events(RoutingContext ctx) {
        HttpServerResponse response = ctx.response()
                .setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .setWriteQueueMaxSize(maxQueuedBytes);
        LiveFeed.Subscriber subscriber = new LiveFeed.Subscriber() {
            @Override
            public boolean congested() {
                return response.writeQueueFull();
            }

            @Override
            public void send(String snapshot) {
                response.write("event: snapshot\ndata: " + snapshot + "\n\n");
            }

            @Override
            public void drop(String reason) {
                ctx.request().connection().close();
            }
        };
        if (!feed.subscribe(subscriber)) {
            tooManySubscribers(ctx);
            return;
        }
        response.closeHandler(v -> feed.unsubscribe(subscriber));
        // Tells EventSource how long to wait before reconnecting, and gets the headers out at once.
        response.write("retry: 2000\n\n");
    }

    /** {@code GET /v1/ws}: the key from the header or the first message, then one snapshot message per interval. */
    void webSocket(RoutingContext ctx) {
        String header = ctx.request().getHeader(ApiKeySecrets.HEADER);
        ctx.request().toWebSocket().onSuccess(socket -> {
            socket.setWriteQueueMaxSize(maxQueuedBytes);
            if (header != null) {
                authenticate(socket, header);
                return;
            }
            long deadline = vertx.setTimer(AUTH_TIMEOUT.toMillis(),
                    id -> socket.close(POLICY_VIOLATION, "no auth message within " + AUTH_TIMEOUT.toSeconds() + " s"));
            socket.textMessageHandler(text -> {
                vertx.cancelTimer(deadline);
                socket.textMessageHandler(null);
                String key = null;
                try {
                    JsonObject message = new JsonObject(text);
                    key = "auth".equals(message.getString("type")) ? message.getString("apiKey") : null;
                } catch (DecodeException | ClassCastException e) {
                    // answered below
                }
                if (key == null) {
                    socket.close(POLICY_VIOLATION, "the first message must be {\"type\":\"auth\",\"apiKey\":\"...\"}");
                } else {
                    authenticate(socket, key);
                }
            });
        }).onFailure(ctx::fail);
    }

    private void authenticate(ServerWebSocket socket, String presented) {
        keys.authenticate(presented).onComplete(found -> {
            if (found.failed()) {
                socket.close(TRY_AGAIN_LATER, "the API key cannot be checked right now");
            } else if (found.result().isEmpty()) {
                socket.close(POLICY_VIOLATION, "unknown or revoked API key");
            } else if (!found.result().get().allows(Scope.READ)) {
                socket.close(POLICY_VIOLATION, "this API key lacks the 'read' scope");
            } else {
                subscribe(socket);
            }
        });
    }

    private void subscribe(ServerWebSocket socket) {
        LiveFeed.Subscriber subscriber = new LiveFeed.Subscriber() {
            @Override
            public boolean congested() {
                return socket.writeQueueFull();
            }

            @Override
            public void send(String snapshot) {
                socket.writeTextMessage(snapshot);
            }

            @Override
            public void drop(String reason) {
                socket.close(TRY_AGAIN_LATER, reason);
            }
        };
        if (!feed.subscribe(subscriber)) {
            socket.close(TRY_AGAIN_LATER, "this instance serves as many live subscribers as it may");
            return;
        }
        socket.closeHandler(v -> feed.unsubscribe(subscriber));
        socket.writeTextMessage(new JsonObject().put("type", "ready").encode());
    }

    private static void tooManySubscribers(RoutingContext ctx) {
        ctx.response().setChunked(false).putHeader(HttpHeaders.RETRY_AFTER, "5");
        HttpResponses.error(ctx, 503, "this instance serves as many live subscribers as it may");
    }
}
