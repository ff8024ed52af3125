package com.shopstream.query.pipeline;

import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.ReadEndpoint;
import com.shopstream.common.KafkaMonitor;
import com.shopstream.common.SharedFutures;
import com.shopstream.common.RedisBatch;
import com.shopstream.common.realtime.KeyGroups;
import com.shopstream.common.realtime.RealtimeKeys;
import com.shopstream.query.standby.StandbyMonitor;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code GET /v1/pipeline/status}: the aggregator's counters and progress, read from the rows it
 * commits with every batch; the consumer lag, Kafka's end offsets minus the committed ones; and the
 * realtime lag, the committed offsets whose effects the Redis windows do not hold yet (after a crash
 * between the two, until the aggregator has rebuilt them from PostgreSQL).
 */
public final class PipelineStatusHandler implements ReadEndpoint {

    private final Pool pool;
    private final Redis redis;
    private final KafkaMonitor kafka;
    private final StandbyMonitor standby;
    private final String consumerGroup;
    private final String topic;
    private final List<String> fenceKeys;
    private Future<PipelineStatus> inFlight;

    /** {@code standby}: null when there is no hot standby. */
    public PipelineStatusHandler(Pool pool, Redis redis, KafkaMonitor kafka, StandbyMonitor standby, KeyGroups keyGroups,
                                 String consumerGroup, String topic) {
        this.pool = pool;
        this.redis = redis;
        this.kafka = kafka;
        this.standby = standby;
        this.consumerGroup = consumerGroup;
        this.topic = topic;
        this.fenceKeys = RealtimeKeys.fences(keyGroups, consumerGroup, topic);
    }

    @Override
    public Future<PipelineStatus> answer(Parameters params) {
        return compute();
    }

    /** Shared only while in flight: a client waiting for the lag to reach 0 needs an answer newer than its data. */
    public Future<PipelineStatus> compute() {
        Future<PipelineStatus> running = inFlight;
        if (running != null && !running.isComplete()) {
            return SharedFutures.join(running);
        }
        Future<PipelineStatus> fresh = read();
        inFlight = fresh;
        return fresh;
    }

    private Future<PipelineStatus> read() {
        Instant asOf = Instant.now();
        Future<RowSet<Row>> progress = pool.preparedQuery(PipelineSql.PIPELINE_PROGRESS).execute(Tuple.of(consumerGroup, topic));
        Future<List<PipelineStatus.View>> views = pool.preparedQuery(PipelineSql.VIEW_REFRESHES).execute().map(rows -> views(rows, asOf));
        Future<Map<Integer, Long>> ends = kafka.isReachable()
                ? kafka.endOffsets(topic)
                : Future.failedFuture("Kafka unreachable");
        Future<Map<Integer, Long>> fences = realtimeFences();
        return Future.all(progress, views).compose(all -> Future.join(ends, fences).transform(ignored -> {
            RowSet<Row> rows = progress.result();
            long stored = 0;
            long duplicates = 0;
            long late = 0;
            long deadLettered = 0;
            long cancellationsApplied = 0;
            long cancellationsIgnored = 0;
            long offsetsSkipped = 0;
            OffsetDateTime watermark = null;
            OffsetDateTime lastEvent = null;
            OffsetDateTime lastBatch = null;
            Map<Integer, Long> committed = new TreeMap<>();
            for (Row row : rows) {
                committed.put(row.getInteger(0), row.getLong(1));
                stored += row.getLong(2);
                duplicates += row.getLong(3);
                late += row.getLong(4);
                deadLettered += row.getLong(5);
                cancellationsApplied += row.getLong(8);
                cancellationsIgnored += row.getLong(9);
                offsetsSkipped += row.getLong(10);
                OffsetDateTime max = row.getOffsetDateTime(6);
                if (max != null) {
                    watermark = watermark == null || max.isBefore(watermark) ? max : watermark;
                    lastEvent = lastEvent == null || max.isAfter(lastEvent) ? max : lastEvent;
                }
                OffsetDateTime updated = row.getOffsetDateTime(7);
                lastBatch = lastBatch == null || updated.isAfter(lastBatch) ? updated : lastBatch;
            }
            Map<Integer, Long> endOf = ends.succeeded() ? ends.result() : Map.of();
            Map<Integer, Long> fenceOf = fences.succeeded() ? fences.result() : Map.of();
            Set<Integer> partitionIds = new TreeSet<>(committed.keySet());
            partitionIds.addAll(endOf.keySet());
            long lag = 0;
            long realtimeLag = 0;
            List<PipelineStatus.Partition> partitions = new ArrayList<>();
            for (int partition : partitionIds) {
                long next = committed.getOrDefault(partition, 0L);
                Long end = endOf.get(partition);
                Long partitionLag = end == null ? null : Math.max(0, end - next);
                lag += partitionLag == null ? 0 : partitionLag;
                Long realtimeOffset = fences.succeeded() ? fenceOf.getOrDefault(partition, 0L) : null;
                Long partitionRealtimeLag = realtimeOffset == null ? null : Math.max(0, next - realtimeOffset);
                realtimeLag += partitionRealtimeLag == null ? 0 : partitionRealtimeLag;
                partitions.add(new PipelineStatus.Partition(partition, next, end, partitionLag, realtimeOffset, partitionRealtimeLag));
            }
            return Future.succeededFuture(new PipelineStatus(asOf, ends.succeeded() ? lag : null,
                    fences.succeeded() ? realtimeLag : null, stored, duplicates, late, deadLettered, cancellationsApplied,
                    cancellationsIgnored, offsetsSkipped, watermark, lastEvent, lastBatch, ends.succeeded(), fences.succeeded(),
                    partitions, views.result(), standby == null ? null : standby.current()));
        }));
    }

    /** Per partition, the next offset whose effects Redis does not hold yet (the aggregator's fence). */
    private Future<Map<Integer, Long>> realtimeFences() {
        RedisBatch reads = new RedisBatch();
        fenceKeys.forEach(fence -> reads.add(fence, Request.cmd(Command.HGETALL).arg(fence)));
        return reads.send(redis).map(replies -> {
            Map<Integer, Long> fences = new TreeMap<>();
            for (Response reply : replies) {
                for (int i = 1; i < reply.size(); i += 2) {
                    fences.put(reply.get(i - 1).toInteger(), reply.get(i).toLong());
                }
            }
            return fences;
        });
    }

    /** Each view's last refresh, and its staleness as of {@code asOf}. */
    private static List<PipelineStatus.View> views(RowSet<Row> rows, Instant asOf) {
        List<PipelineStatus.View> views = new ArrayList<>();
        for (Row row : rows) {
            OffsetDateTime refreshedAt = row.getOffsetDateTime(1);
            Long pendingHours = row.getLong(6);
            Long staleness;
            if (pendingHours == null) {
                staleness = refreshedAt == null ? null : millisBetween(refreshedAt, asOf);
            } else {
                OffsetDateTime oldestPending = row.getOffsetDateTime(7);
                staleness = oldestPending == null ? 0 : millisBetween(oldestPending, asOf);
            }
            views.add(new PipelineStatus.View(row.getString(0), refreshedAt, row.getLong(2), row.getLong(3), pendingHours,
                    staleness, row.getString(4), row.getOffsetDateTime(5)));
        }
        return views;
    }

    private static long millisBetween(OffsetDateTime since, Instant asOf) {
        return Math.max(0, asOf.toEpochMilli() - since.toInstant().toEpochMilli());
    }
}
