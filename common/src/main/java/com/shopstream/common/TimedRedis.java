package com.shopstream.common;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A Redis client whose every command fails after a timeout instead of waiting on a paused, hung or
 * unreachable server: callers then fall back (rate limits pass, answers skip the cache) or retry,
 * and nothing waits on Redis longer than the timeout. A write that timed out may still have been
 * applied; the callers' writes are idempotent or fenced.
 *
 * <p>On Redis Cluster every command first takes a pooled connection to each node, one node after
 * another, so more commands at once than a node's pool holds can each end up holding what another
 * waits for, and none ever completes. There the commands run at most a pool's size at a time.
 */
final class TimedRedis implements Redis {

    private final Redis delegate;
    private final long timeoutMillis;
    private final boolean cluster;
    private final ConcurrencyLimit clusterCommands;

    /** {@code maxPoolSize}: connections per node; on a cluster, how many commands run at once. */
    TimedRedis(Redis delegate, Duration timeout, boolean cluster, int maxPoolSize) {
        this.delegate = delegate;
        this.timeoutMillis = timeout.toMillis();
        this.cluster = cluster;
        this.clusterCommands = cluster ? new ConcurrencyLimit(maxPoolSize) : null;
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
        return limited(() -> delegate.send(command)).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public Future<List<Response>> batch(List<Request> commands) {
        return limited(() -> delegate.batch(commands)).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private <T> Future<T> limited(Supplier<Future<T>> command) {
        return clusterCommands == null ? command.get() : clusterCommands.run(command);
    }
}
