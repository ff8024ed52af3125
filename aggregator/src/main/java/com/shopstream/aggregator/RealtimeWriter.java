package com.shopstream.aggregator;

import com.shopstream.common.LuaScript;
import com.shopstream.common.realtime.RealtimeKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies batches to the realtime windows in Redis exactly once, behind a per-partition offset
 * fence: a batch covering offsets [from, to) applies only when the fence stands at {@code from}.
 * When Redis is behind (a crash between the PostgreSQL commit and the Redis apply, a Redis restart
 * that lost data, or another aggregator that took the partition over), the missing range is
 * rebuilt from the rows PostgreSQL stored for it, which record the offset they came from.
 */
final class RealtimeWriter {

    private static final Logger LOG = LoggerFactory.getLogger(RealtimeWriter.class);
    private static final LuaScript APPLY = LuaScript.fromResource(RealtimeWriter.class, "/apply_batch.lua");
    private static final Duration FENCE_TTL = Duration.ofDays(8);
    private static final int MAX_REBUILDS = 3;
    /** How many offsets one rebuild step reads back; bounds the memory a rebuild needs. */
    private static final long REBUILD_CHUNK_OFFSETS = 50_000;

    private final Redis redis;
    private final EventStore store;
    private final String fenceKey;
    private final Clock clock;

    RealtimeWriter(Redis redis, EventStore store, String consumerGroup, String topic, Clock clock) {
        this.redis = redis;
        this.store = store;
        this.fenceKey = RealtimeKeys.fence(consumerGroup, topic);
        this.clock = clock;
    }

    /** Applies the effects of offsets [from, to) of a partition. */
    Future<Void> apply(int partition, long from, long to, RealtimeDelta delta) {
        return run(partition, from, to, delta).compose(fence -> {
            if (fence == null) {
                return Future.succeededFuture();
            }
            LOG.info("partition {}: Redis holds effects up to offset {}, rebuilding [{}, {}) from PostgreSQL",
                    partition, fence, fence, to);
            return rebuild(partition, fence, to, 1);
        });
    }

    /** Brings Redis up to the offset PostgreSQL has committed for the partition, if it is behind. */
    Future<Void> catchUp(int partition, long committedOffset) {
        return apply(partition, committedOffset, committedOffset, new RealtimeDelta());
    }

    /**
     * Applies [from, to) from the rows PostgreSQL stored for it, a chunk of offsets at a time, each
     * chunk behind the fence like any batch, so memory stays bounded however far behind Redis is.
     */
    private Future<Void> rebuild(int partition, long from, long to, int rebuilds) {
        if (from >= to) {
            return Future.succeededFuture();
        }
        if (rebuilds > MAX_REBUILDS) {
            return Future.failedFuture(new IllegalStateException("partition " + partition
                    + ": Redis fence keeps moving (at " + from + "); giving up after " + MAX_REBUILDS + " rebuilds"));
        }
        long end = Math.min(to, from + REBUILD_CHUNK_OFFSETS);
        return replay(partition, from, end)
                .compose(delta -> run(partition, from, end, delta))
                .compose(fence -> fence == null
                        ? rebuild(partition, end, to, rebuilds)
                        : rebuild(partition, fence, to, rebuilds + 1));
    }

    /** Runs the script; completes with null when applied or already applied, else with the fence Redis holds. */
    private Future<Long> run(int partition, long from, long to, RealtimeDelta delta) {
        List<String> args = new ArrayList<>();
        args.add(Integer.toString(partition));
        args.add(Long.toString(from));
        args.add(Long.toString(to));
        args.add(Long.toString(FENCE_TTL.toMillis()));
        args.addAll(delta.toArguments(clock.millis()));
        return APPLY.run(redis, List.of(fenceKey), args)
                .map(reply -> reply.get(0).toInteger() >= 0 ? null : reply.get(1).toLong());
    }

    private Future<RealtimeDelta> replay(int partition, long from, long to) {
        Instant horizon = clock.instant().minus(RealtimeKeys.KEEP).minusSeconds(60);
        return store.replay(store.pool(), partition, from, to, horizon).map(events -> {
            RealtimeDelta delta = new RealtimeDelta();
            for (EventStore.ReplayedEvent event : events) {
                delta.addActivity(event.occurredAt(), event.customerId());
                if (event.orderId() != null && !event.lines().isEmpty()) {
                    delta.addSale(event.sale());
                }
            }
            return delta;
        });
    }
}
