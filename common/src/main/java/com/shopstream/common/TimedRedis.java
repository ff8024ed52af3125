package com.shopstream.common;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis client whose every command fails after a timeout instead of waiting on a paused, hung or
 * unreachable server: callers then fall back (rate limits pass, answers skip the cache) or retry,
 * and nothing waits on Redis longer than the timeout. A write that timed out may still have been
 * applied; the callers' writes are idempotent or fenced.
 */
final class TimedRedis implements Redis {

    private final Redis delegate;
    private final long timeoutMillis;
    private final boolean cluster;

    TimedRedis(Redis delegate, Duration timeout, boolean cluster) {
        this.delegate = delegate;
        this.timeoutMillis = timeout.toMillis();
        this.cluster = cluster;
    }

    /** Whether this is a Redis Cluster client, whose batches must keep to one node. */
    boolean cluster() {
        return cluster;
    }

    @Override
    public Future<RedisConnection> connect() {
        return delegate.connect().timeout(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public Future<Void> close() {
        return delegate.close();
    }

    @Override
    public Future<Response> send(Request command) {
        return delegate.send(command).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public Future<List<Response>> batch(List<Request> commands) {
        return delegate.batch(commands).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
