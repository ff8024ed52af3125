package com.shopstream.aggregator.realtime;

import com.shopstream.aggregator.store.EventStore;
import com.shopstream.common.LuaScript;
import com.shopstream.common.realtime.KeyGroups;
import com.shopstream.common.realtime.RealtimeKeys;
import com.shopstream.common.realtime.Resolution;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies batches to the realtime windows in Redis exactly once, behind a per-partition offset
 * fence: a batch covering offsets [from, to) applies only when the fence stands at {@code from}.
 *
 * <p>When Redis is behind (a crash between the PostgreSQL commit and the Redis apply, a Redis
 * restart that lost data, another aggregator that took the partition over), the missing offsets are
 * rebuilt from the rows PostgreSQL stored for them, which record the offset they came from. A rebuild
 * first skips the offsets whose events are all older than the windows Redis keeps, so its work is the
 * windows' last hour, not the partition's history. It runs in the background, a chunk of offsets at
 * a time, each chunk behind the fence like a batch; it follows the partition's newly stored batches
 * until it has caught up, and those batches leave Redis to it meanwhile. PostgreSQL ingestion never
 * waits for a rebuild.
 *
 * <p>Nor does it wait for Redis: a partition's batches queue behind each other, in offset order, and
 * the caller goes on storing. A Redis that is slow or hung fills the queue; the batches beyond it are
 * left out, the fence then stands behind the next batch, and a rebuild from PostgreSQL closes the gap
 * once Redis answers.
 */
public final class RealtimeWriter {

    private static final Logger LOG = LoggerFactory.getLogger(RealtimeWriter.class);
    private static final LuaScript APPLY = LuaScript.fromResource(RealtimeWriter.class, "/apply_batch.lua");
    private static final Duration FENCE_TTL = Duration.ofDays(8);
    private static final int MAX_FENCE_MOVES = 3;
    /** How many offsets one rebuild step reads back; bounds the memory a rebuild needs. */
    private static final long REBUILD_CHUNK_OFFSETS = 50_000;
    /** Batches of a partition waiting for Redis, beyond which they are left to a rebuild. */
    private static final int MAX_QUEUED = 16;

    /**
     * What this instance knows of a partition: how far PostgreSQL has stored it, whether a rebuild
     * runs, and the batches queued for Redis (the last one's completion, and how many).
     */
    private static final class PartitionState {
        long stored;
        boolean rebuilding;
        Future<Void> queueTail = Future.succeededFuture();
        int queued;
    }

    private final Redis redis;
    private final EventStore store;
    private final KeyGroups keyGroups;
    private final String consumerGroup;
    private final String topic;
    private final Clock clock;
    private final Map<Integer, PartitionState> partitions = new ConcurrentHashMap<>();

    public RealtimeWriter(Redis redis, EventStore store, KeyGroups keyGroups, String consumerGroup, String topic, Clock clock) {
        this.redis = redis;
        this.store = store;
        this.keyGroups = keyGroups;
        this.consumerGroup = consumerGroup;
        this.topic = topic;
        this.clock = clock;
    }

    /**
     * Applies the effects of offsets [from, to) of a partition once the partition's earlier batches
     * are applied, or leaves them to a rebuild: one running, or one to come when Redis is behind.
     * Completes when applied or left out; the caller need not wait.
     */
    public Future<Void> apply(int partition, long from, long to, RealtimeDelta delta) {
        PartitionState state = state(partition);
        Future<Void> applied;
        synchronized (state) {
            state.stored = Math.max(state.stored, to);
            if (state.rebuilding || state.queued >= MAX_QUEUED) {
                return Future.succeededFuture();
            }
            state.queued++;
            applied = state.queueTail.transform(previous -> {
                synchronized (state) {
                    if (state.rebuilding) {
                        return Future.succeededFuture(); // a rebuild that started meanwhile covers these offsets
                    }
                }
                return run(partition, from, to, delta).map(fence -> {
                    if (fence != null) {
                        startRebuild(partition, fence);
                    }
                    return null;
                });
            });
            state.queueTail = applied;
        }
        return applied.andThen(done -> {
            synchronized (state) {
                state.queued--;
            }
        });
    }

    /** Brings Redis up to the offset PostgreSQL has committed for the partition, if it is behind. */
    public Future<Void> catchUp(int partition, long committedOffset) {
        return apply(partition, committedOffset, committedOffset, new RealtimeDelta());
    }

    /** True while a rebuild of any partition is running. */
    public boolean rebuilding() {
        return partitions.values().stream().anyMatch(state -> {
            synchronized (state) {
                return state.rebuilding;
            }
        });
    }

    private PartitionState state(int partition) {
        return partitions.computeIfAbsent(partition, p -> new PartitionState());
    }

    private void startRebuild(int partition, long fence) {
        PartitionState state = state(partition);
        synchronized (state) {
            if (state.rebuilding) {
                return;
            }
            state.rebuilding = true;
            LOG.info("partition {}: Redis holds effects up to offset {}, rebuilding up to {} from PostgreSQL in the background",
                    partition, fence, state.stored);
        }
        skipOutsideWindows(partition, fence).compose(start -> rebuild(partition, start, 0)).onComplete(done -> {
            if (done.succeeded()) {
                LOG.info("partition {}: realtime windows rebuilt", partition);
                return;
            }
            synchronized (state) {
                state.rebuilding = false;
            }
            LOG.warn("partition {}: rebuilding the realtime windows failed, retried on the next batch: {}",
                    partition, done.cause().toString());
        });
    }

    /**
     * Moves the fence over the offsets from {@code fence} on whose events are all older than the
     * windows Redis keeps, as an empty batch, so that a rebuild reads back the windows' last hour and
     * not the partition's whole history. Completes with the offset the rebuild starts from.
     */
    private Future<Long> skipOutsideWindows(int partition, long fence) {
        PartitionState state = state(partition);
        long to;
        synchronized (state) {
            to = state.stored;
        }
        if (fence >= to) {
            return Future.succeededFuture(fence);
        }
        return store.firstReplayedOffset(store.pool(), partition, fence, to, horizon()).compose(first -> {
            if (first == fence) {
                return Future.succeededFuture(fence);
            }
            LOG.info("partition {}: offsets {} to {} hold nothing the windows keep, skipped", partition, fence, first);
            return run(partition, fence, first, new RealtimeDelta()).map(moved -> moved == null ? first : moved);
        });
    }

    /**
     * Applies [from, stored) from the rows PostgreSQL stored for it, a chunk of offsets at a time;
     * follows {@code stored} as new batches arrive, and ends once it has caught up, clearing the
     * rebuilding flag in the same step as the last check so no batch falls between the two.
     */
    private Future<Void> rebuild(int partition, long from, int fenceMoves) {
        PartitionState state = state(partition);
        long to;
        synchronized (state) {
            to = state.stored;
            if (from >= to) {
                state.rebuilding = false;
                return Future.succeededFuture();
            }
        }
        if (fenceMoves > MAX_FENCE_MOVES) {
            return Future.failedFuture(new IllegalStateException("partition " + partition
                    + ": Redis fence keeps moving (at " + from + "); giving up after " + MAX_FENCE_MOVES + " moves"));
        }
        long end = Math.min(to, from + REBUILD_CHUNK_OFFSETS);
        return replay(partition, from, end)
                .compose(delta -> run(partition, from, end, delta))
                .compose(fence -> fence == null
                        ? rebuild(partition, end, fenceMoves)
                        : rebuild(partition, fence, fenceMoves + 1));
    }

    /** Runs the script; completes with null when applied or already applied, else with the fence Redis holds. */
    private Future<Long> run(int partition, long from, long to, RealtimeDelta delta) {
        int group = keyGroups.of(partition);
        RealtimeDelta.Operations ops = delta.toOperations(group, clock.millis());
        List<String> keys = new ArrayList<>(ops.keys().size() + 1);
        keys.add(RealtimeKeys.fence(group, consumerGroup, topic));
        keys.addAll(ops.keys());
        List<String> args = new ArrayList<>(ops.args().size() + 4);
        args.add(Integer.toString(partition));
        args.add(Long.toString(from));
        args.add(Long.toString(to));
        args.add(Long.toString(FENCE_TTL.toMillis()));
        args.addAll(ops.args());
        return APPLY.run(redis, keys, args)
                .map(reply -> reply.get(0).toInteger() >= 0 ? null : reply.get(1).toLong());
    }

    private Future<RealtimeDelta> replay(int partition, long from, long to) {
        return store.replay(store.pool(), partition, from, to, horizon()).map(events -> {
            RealtimeDelta delta = new RealtimeDelta();
            for (EventStore.ReplayedEvent event : events) {
                if (RealtimeDelta.isCustomerActivity(event.type())) {
                    delta.addActivity(event.occurredAt(), event.customerId());
                }
                event.sale().ifPresent(delta::addSale);
            }
            return delta;
        });
    }

    /**
     * The event time before which nothing reaches a key Redis still keeps: keys live {@code KEEP} past
     * their bucket's end, and the longest bucket ends a minute after the events it holds.
     */
    private Instant horizon() {
        return clock.instant().minus(RealtimeKeys.KEEP).minusSeconds(Resolution.MINUTE.seconds());
    }
}
