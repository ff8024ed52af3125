package com.shopstream.common.api;

import com.shopstream.common.HttpResponses;
import com.shopstream.common.SharedFutures;
import com.shopstream.common.ThrottledWarning;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the {@code X-API-Key} of a request against the keys stored in PostgreSQL: 401 without a
 * key or with an unknown or revoked one, 403 when the key lacks the route's scope. What a lookup
 * found, a key or its absence, is kept for a few seconds, so a busy client costs one query per
 * interval rather than one per request; a revocation therefore reaches other instances within that
 * time, and this one at once ({@link #forgetAll()}). While PostgreSQL cannot be asked, a key it
 * confirmed earlier stays valid for a bounded time ({@link KeyCaching}); a key not known then gets
 * 503. A client address whose keys failed too often is refused with 429 before its next key costs a
 * lookup.
 */
public final class ApiKeyAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyAuthenticator.class);
    private static final String LOOKUP_IDS =
            "SELECT id, name, prefix, scopes, rate_limits FROM api_keys WHERE id = ANY($1) AND revoked_at IS NULL";
    private static final int MAX_CACHED = 10_000;
    private static final String CHALLENGE = "ApiKey header=\"" + ApiKeySecrets.HEADER + "\"";

    /** What PostgreSQL answered about a key, a key or nothing, and when. */
    private record Found(Optional<ApiKey> key, long confirmedAtNanos) {
    }

    /** A lookup: in flight, or done with what it found; asked at the given time. */
    private record Cached(Future<Found> lookup, long askedAtNanos) {

        boolean foundValidKey() {
            return lookup.succeeded() && lookup.result().key().isPresent();
        }
    }

    private final Pool pool;
    private final long freshNanos;
    private final long trustedWhileUnreachableNanos;
    private final FailedAuthentications failures;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final ThrottledWarning unreachable =
            new ThrottledWarning(LOG, "API keys cannot be looked up ({}); keys confirmed recently stay valid meanwhile");

    public ApiKeyAuthenticator(Pool pool, KeyCaching caching, FailedAuthentications failures) {
        this.pool = pool;
        this.freshNanos = caching.fresh().toNanos();
        this.trustedWhileUnreachableNanos = caching.whileUnreachable().toNanos();
        this.failures = failures;
    }

    /** A route handler that lets the request through only with a valid key holding {@code scope}. */
    public Handler<RoutingContext> require(Scope scope) {
        return ctx -> {
            String presented = ctx.request().getHeader(ApiKeySecrets.HEADER);
            if (presented == null || presented.isBlank()) {
                unauthorized(ctx, "missing API key: send it in the " + ApiKeySecrets.HEADER + " header");
                return;
            }
            String address = ctx.request().remoteAddress().hostAddress();
            long retryAfter = refusedFor(presented, address);
            if (retryAfter > 0) {
                ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
                HttpResponses.error(ctx, 429, "too many failed authentications from this address; retry in " + retryAfter + " s");
                return;
            }
            authenticate(presented, address).onComplete(found -> {
                if (found.failed()) {
                    LOG.warn("API key lookup failed: {}", found.cause().toString());
                    ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "5");
                    HttpResponses.error(ctx, 503, "the API key cannot be checked right now; try again shortly");
                } else if (found.result().isEmpty()) {
                    unauthorized(ctx, "unknown or revoked API key");
                } else if (!found.result().get().allows(scope)) {
                    HttpResponses.error(ctx, 403, "this API key lacks the '" + scope.label() + "' scope");
                } else {
                    found.result().get().attachTo(ctx);
                    ctx.next();
                }
            });
        };
    }

    /**
     * Seconds until a client address whose keys failed too often may present this key, or 0 when it
     * may now. A key this instance has found valid before is always looked up: the limit stops
     * guessing, not the clients that share an address with a guesser.
     */
    public long refusedFor(String presented, String address) {
        long retryAfter = failures.retryAfterSeconds(address);
        if (retryAfter == 0 || presented.length() > ApiKeySecrets.MAX_LENGTH) {
            return retryAfter;
        }
        Cached cached = cache.get(HexFormat.of().formatHex(ApiKeySecrets.digest(presented)));
        return cached != null && cached.foundValidKey() ? 0 : retryAfter;
    }

    /** The stored key that {@code presented} is, if it is one and is not revoked; a miss counts against the address. */
    public Future<Optional<ApiKey>> authenticate(String presented, String address) {
        return authenticate(presented).onSuccess(found -> {
            if (found.isEmpty()) {
                failures.failed(address);
            }
        });
    }

    /** Of the given key ids, the keys not revoked that hold {@code scope}, by id: one query, however many. */
    public Future<Map<Long, ApiKey>> stillAllowed(Collection<Long> keyIds, Scope scope) {
        if (keyIds.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        return pool.preparedQuery(LOOKUP_IDS).execute(Tuple.of(keyIds.toArray(Long[]::new))).map(rows -> {
            Map<Long, ApiKey> allowed = new HashMap<>();
            for (Row row : rows) {
                ApiKey key = toKey(row);
                if (key.allows(scope)) {
                    allowed.put(key.id(), key);
                }
            }
            return allowed;
        });
    }

    /** The stored key that {@code presented} is, if it is one and is not revoked. */
    private Future<Optional<ApiKey>> authenticate(String presented) {
        if (presented.length() > ApiKeySecrets.MAX_LENGTH) {
            return Future.succeededFuture(Optional.empty());
        }
        byte[] digest = ApiKeySecrets.digest(presented);
        String id = HexFormat.of().formatHex(digest);
        long now = System.nanoTime();
        Cached cached = cache.get(id);
        if (cached != null && !cached.lookup().isComplete()) {
            return SharedFutures.join(cached.lookup()).map(Found::key);
        }
        if (cached != null && cached.lookup().succeeded() && now - cached.askedAtNanos() < freshNanos) {
            return Future.succeededFuture(cached.lookup().result().key());
        }
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        Future<Found> lookup = pool.preparedQuery(ApiKeyStore.LOOKUP).execute(Tuple.of(Buffer.buffer(digest)))
                .map(rows -> new Found(rows.size() == 0 ? Optional.empty() : Optional.of(toKey(rows.iterator().next())), now))
                .recover(failure -> lastConfirmed(cached, now, failure));
        Cached asked = new Cached(lookup, now);
        cache.put(id, asked);
        lookup.onFailure(e -> cache.remove(id, asked));
        return lookup.map(Found::key);
    }

    /**
     * When PostgreSQL cannot be asked: the key it confirmed last, if that was recent enough. The entry
     * counts as asked now, so that the next lookup waits for the fresh interval rather than making
     * every request wait on an unreachable database.
     */
    private Future<Found> lastConfirmed(Cached previous, long now, Throwable failure) {
        if (previous == null || !previous.foundValidKey()
                || now - previous.lookup().result().confirmedAtNanos() > trustedWhileUnreachableNanos) {
            return Future.failedFuture(failure);
        }
        unreachable.log(failure);
        return previous.lookup();
    }

    /** Drops every cached lookup, after a key was revoked through this instance. */
    public void forgetAll() {
        cache.clear();
    }

    private static ApiKey toKey(Row row) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String label : row.getArrayOfStrings(3)) {
            Scope scope = Scope.of(label);
            if (scope != null) {
                scopes.add(scope);
            }
        }
        return new ApiKey(row.getLong(0), row.getString(1), row.getString(2), scopes,
                ApiKey.parseRateLimits(row.getJsonObject(4)));
    }

    private static void unauthorized(RoutingContext ctx, String message) {
        ctx.response().putHeader("WWW-Authenticate", CHALLENGE);
        HttpResponses.error(ctx, 401, message);
    }
}
