package com.shopstream.common.api;

import com.shopstream.common.HttpResponses;
import com.shopstream.common.LuaScript;
import com.shopstream.common.ThrottledWarning;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate limits per API key and endpoint class, kept in Redis so that they hold across instances:
 * each request is one atomic script call (GCRA, {@code rate_limit.lua}). Allowed requests carry
 * {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} (seconds until
 * the full burst is available again); refused ones are 429 with {@code Retry-After} as well.
 * While Redis does not answer, requests are let through: ingestion and queries matter more than
 * the limit, which resumes as soon as Redis is back.
 */
public final class RateLimiter {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
    private static final LuaScript SCRIPT = LuaScript.fromResource(RateLimiter.class, "/rate_limit.lua");

    private final Redis redis;
    private final Map<EndpointClass, RateLimit> defaults;
    private final ThrottledWarning redisDown = new ThrottledWarning(LOG, "rate limits not checked, Redis did not answer: {}");

    /** {@code defaults}: the limit of each endpoint class for keys that name none of their own. */
    public RateLimiter(Redis redis, Map<EndpointClass, RateLimit> defaults) {
        this.redis = redis;
        this.defaults = Map.copyOf(defaults);
    }

    /** A route handler charging one request of {@code endpointClass} to the request's API key. */
    public Handler<RoutingContext> limit(EndpointClass endpointClass) {
        RateLimit serviceDefault = defaults.get(endpointClass);
        if (serviceDefault == null) {
            throw new IllegalArgumentException("no default rate limit for endpoint class " + endpointClass);
        }
        return ctx -> {
            ApiKey key = ApiKey.of(ctx);
            RateLimit limit = key == null ? RateLimit.UNLIMITED : key.rateLimit(endpointClass.label(), serviceDefault);
            if (limit.unlimited()) {
                ctx.next();
                return;
            }
            SCRIPT.run(redis, List.of(stateKey(key, endpointClass)),
                            List.of(String.format(Locale.ROOT, "%.3f", limit.intervalMillis()), Long.toString(limit.requests())))
                    .onComplete(result -> {
                        if (result.failed()) {
                            redisDown.log(result.cause());
                            ctx.next();
                        } else if (applies(ctx, limit, endpointClass, result.result())) {
                            ctx.next();
                        }
                    });
        };
    }

    /**
     * Charges one request of {@code endpointClass} to the key, outside a route (a WebSocket, a stream
     * opened with a token): completes with 0 when within its limit, or when Redis does not answer,
     * else with the seconds to wait.
     */
    public Future<Long> charge(ApiKey key, EndpointClass endpointClass) {
        RateLimit limit = key.rateLimit(endpointClass.label(), defaults.get(endpointClass));
        if (limit.unlimited()) {
            return Future.succeededFuture(0L);
        }
        return SCRIPT.run(redis, List.of(stateKey(key, endpointClass)),
                        List.of(String.format(Locale.ROOT, "%.3f", limit.intervalMillis()), Long.toString(limit.requests())))
                .map(reply -> reply.get(0).toInteger() == 1 ? 0L : Math.max(1, ceilSeconds(reply.get(2).toLong())))
                .recover(e -> {
                    redisDown.log(e);
                    return Future.succeededFuture(0L);
                });
    }

    /** Redis keys of the limits; the hash tag keeps one API key's limits on one Redis Cluster node. */
    static String stateKey(ApiKey key, EndpointClass endpointClass) {
        return "ratelimit:{" + key.id() + "}:" + endpointClass.label();
    }

    private static boolean applies(RoutingContext ctx, RateLimit limit, EndpointClass endpointClass, Response reply) {
        boolean allowed = reply.get(0).toInteger() == 1;
        long remaining = reply.get(1).toLong();
        long retryAfterMs = reply.get(2).toLong();
        long resetMs = reply.get(3).toLong();
        HttpServerResponse response = ctx.response();
        response.putHeader("RateLimit-Limit", Long.toString(limit.requests()))
                .putHeader("RateLimit-Remaining", Long.toString(remaining))
                .putHeader("RateLimit-Reset", Long.toString(ceilSeconds(resetMs)));
        if (allowed) {
            return true;
        }
        long retryAfter = Math.max(1, ceilSeconds(retryAfterMs));
        response.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        HttpResponses.error(ctx, 429, "rate limit of " + limit + " for " + endpointClass.label()
                + " requests exceeded; retry in " + retryAfter + " s");
        return false;
    }

    private static long ceilSeconds(long millis) {
        return (millis + 999) / 1000;
    }
}
