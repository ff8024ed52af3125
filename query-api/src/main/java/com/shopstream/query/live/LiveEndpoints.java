package com.shopstream.query.live;

import com.shopstream.query.api.Parameters;
import com.shopstream.query.auth.StreamTokens;
import com.shopstream.common.HttpResponses;
import com.shopstream.common.api.ApiKey;
import com.shopstream.common.api.ApiKeyAuthenticator;
import com.shopstream.common.api.ApiKeySecrets;
import com.shopstream.common.api.EndpointClass;
import com.shopstream.common.api.RateLimiter;
import com.shopstream.common.api.Scope;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The live updates: {@code GET /v1/stream} as server-sent events and {@code /v1/ws} as a
 * WebSocket, both fed by the {@link LiveFeed}. A stream is opened with an {@code X-API-Key}
 * header, or, from a browser's {@code EventSource} that cannot send one, with a short-lived token
 * from {@code POST /v1/stream/tokens}, spent in Redis on use so that it opens one stream once. A
 * WebSocket takes the header too, or else its first message must be
 * {@code {"type":"auth","apiKey":"..."}} within {@link #AUTH_TIMEOUT}; keys never go in URLs.
 * Opening either is charged to the key's {@code stream} rate limit.
 */
public final class LiveEndpoints {

    static final Duration AUTH_TIMEOUT = Duration.ofSeconds(5);
    private static final short POLICY_VIOLATION = 1008;
    private static final short TRY_AGAIN_LATER = 1013;
    private static final String TOKEN_KEY = "live.tokenKey";

    private final Vertx vertx;
    private final LiveFeed feed;
    private final ApiKeyAuthenticator keys;
    private final RateLimiter limits;
    private final StreamTokens tokens;
    private final Redis redis;
    private final Clock clock;
    private final int maxQueuedBytes;

    public LiveEndpoints(Vertx vertx, LiveFeed feed, ApiKeyAuthenticator keys, RateLimiter limits, StreamTokens tokens, Redis redis,
                  Clock clock, int maxQueuedBytes) {
        this.vertx = vertx;
        this.feed = feed;
        this.keys = keys;
        this.limits = limits;
        this.tokens = tokens;
        this.redis = redis;
        this.clock = clock;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    /** {@code POST /v1/stream/tokens}, behind the key check: a token for the request's key. */
    public void issueToken(RoutingContext ctx) {
        Instant expiresAt = clock.instant().plus(StreamTokens.LIFETIME);
        HttpResponses.json(ctx, 201, new JsonObject()
                .put("token", tokens.issue(ApiKey.of(ctx).id(), expiresAt))
                .put("expiresAt", expiresAt.toString()));
    }

    /**
     * Lets {@code /v1/stream} through with a valid token whose key may still read, spending the token
     * and charging the key's stream limit; requests without a token go on to the key check.
     */
    public Handler<RoutingContext> tokenOrKey(Handler<RoutingContext> keyCheck) {
        return ctx -> {
            String presented = Parameters.of(ctx).get("token");
            if (presented == null) {
                keyCheck.handle(ctx);
                return;
            }
            StreamTokens.Token token = tokens.verify(presented, clock.instant());
            if (token == null) {
                HttpResponses.error(ctx, 401, "invalid or expired stream token; get a new one from POST /v1/stream/tokens");
                return;
            }
            spend(token)
                    .compose(fresh -> fresh ? keys.stillAllowed(List.of(token.keyId()), Scope.READ) : Future.succeededFuture(Map.of()))
                    .onComplete(found -> {
                        if (found.failed()) {
                            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "5");
                            HttpResponses.error(ctx, 503, "the stream token cannot be checked right now; try again shortly");
                            return;
                        }
                        ApiKey key = found.result().get(token.keyId());
                        if (key == null) {
                            HttpResponses.error(ctx, 401, "this stream token was used already, or its key was revoked or lacks the 'read' scope");
                            return;
                        }
                        limits.charge(key, EndpointClass.STREAM).onSuccess(wait -> {
                            if (wait > 0) {
                                ctx.response().putHeader(HttpHeaders.RETRY_AFTER, wait.toString());
                                HttpResponses.error(ctx, 429, "too many live streams opened with this key; retry in " + wait + " s");
                            } else {
                                ctx.put(TOKEN_KEY, key);
                                ctx.next();
                            }
                        });
                    });
        };
    }

    /** Marks the token used in Redis, where every instance sees it: true the first time, false after. */
    private Future<Boolean> spend(StreamTokens.Token token) {
        return redis.send(Request.cmd(Command.SET).arg("live:token:{" + token.id() + "}").arg("1").arg("NX")
                        .arg("PXAT").arg(token.expiresAt().toEpochMilli()))
                .map(reply -> reply != null);
    }

    /** The key a stream was opened with: from the token, or from the header. */
    private static ApiKey keyOf(RoutingContext ctx) {
        ApiKey fromToken = ctx.get(TOKEN_KEY);
        return fromToken != null ? fromToken : ApiKey.of(ctx);
    }

    /** {@code GET /v1/stream}: server-sent events, one {@code snapshot} event per interval. */
    public void events(RoutingContext ctx) {
        long keyId = keyOf(ctx).id();
        HttpServerResponse response = ctx.response()
                .setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .setWriteQueueMaxSize(maxQueuedBytes);
        LiveFeed.Subscriber subscriber = new LiveFeed.Subscriber(keyId, response::writeQueueFull,
                snapshot -> response.write("event: snapshot\ndata: " + snapshot + "\n\n"),
                reason -> ctx.request().connection().close());
        LiveFeed.Admission admission = feed.subscribe(subscriber);
        if (admission != LiveFeed.Admission.ADMITTED) {
            ctx.response().setChunked(false).putHeader(HttpHeaders.RETRY_AFTER, "5");
            HttpResponses.error(ctx, 503, refusal(admission));
            return;
        }
        response.closeHandler(v -> feed.unsubscribe(subscriber));
        // Tells EventSource how long to wait before reconnecting, and gets the headers out at once.
        response.write("retry: 2000\n\n");
    }

    /** {@code GET /v1/ws}: the key from the header or the first message, then one snapshot message per interval. */
    public void webSocket(RoutingContext ctx) {
        String header = ctx.request().getHeader(ApiKeySecrets.HEADER);
        String address = ctx.request().remoteAddress().hostAddress();
        ctx.request().toWebSocket().onSuccess(socket -> {
            socket.setWriteQueueMaxSize(maxQueuedBytes);
            if (header != null) {
                authenticate(socket, header, address);
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
                    authenticate(socket, key, address);
                }
            });
        }).onFailure(ctx::fail);
    }

    private void authenticate(ServerWebSocket socket, String presented, String address) {
        if (keys.refusedFor(presented, address) > 0) {
            socket.close(TRY_AGAIN_LATER, "too many failed authentications from this address");
            return;
        }
        keys.authenticate(presented, address).onComplete(found -> {
            if (found.failed()) {
                socket.close(TRY_AGAIN_LATER, "the API key cannot be checked right now");
            } else if (found.result().isEmpty()) {
                socket.close(POLICY_VIOLATION, "unknown or revoked API key");
            } else if (!found.result().get().allows(Scope.READ)) {
                socket.close(POLICY_VIOLATION, "this API key lacks the 'read' scope");
            } else {
                ApiKey key = found.result().get();
                limits.charge(key, EndpointClass.STREAM).onComplete(wait -> {
                    if (wait.succeeded() && wait.result() > 0) {
                        socket.close(TRY_AGAIN_LATER, "too many live streams opened with this key; retry in " + wait.result() + " s");
                    } else {
                        subscribe(socket, key.id());
                    }
                });
            }
        });
    }

    private void subscribe(ServerWebSocket socket, long keyId) {
        LiveFeed.Subscriber subscriber = new LiveFeed.Subscriber(keyId, socket::writeQueueFull, socket::writeTextMessage,
                reason -> socket.close(TRY_AGAIN_LATER, reason));
        LiveFeed.Admission admission = feed.subscribe(subscriber);
        if (admission != LiveFeed.Admission.ADMITTED) {
            socket.close(TRY_AGAIN_LATER, refusal(admission));
            return;
        }
        socket.closeHandler(v -> feed.unsubscribe(subscriber));
        socket.writeTextMessage(new JsonObject().put("type", "ready").encode());
    }

    private static String refusal(LiveFeed.Admission admission) {
        return admission == LiveFeed.Admission.KEY_FULL
                ? "this API key has as many live subscriptions on this instance as it may"
                : "this instance serves as many live subscribers as it may";
    }
}
