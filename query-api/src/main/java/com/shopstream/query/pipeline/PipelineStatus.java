package com.shopstream.query.pipeline;

import com.shopstream.query.api.Answer;
import com.shopstream.query.api.Times;
import com.shopstream.query.standby.StandbyLag;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The pipeline as one status read sees it: the aggregator's counters and progress, the consumer and
 * realtime lags (null while Kafka or Redis does not answer), per partition, each view's refresh, and
 * the hot standby's replication lag (null when there is none).
 * {@link #toJson()} is the answer of {@code GET /v1/pipeline/status}.
 */
public record PipelineStatus(
        Instant asOf,
        Long consumerLag,
        Long realtimeLag,
        long eventsStored,
        long duplicatesDropped,
        long lateEvents,
        long deadLettered,
        long cancellationsApplied,
        long cancellationsIgnored,
        long offsetsSkipped,
        OffsetDateTime watermark,
        OffsetDateTime lastEventAt,
        OffsetDateTime lastBatchAt,
        boolean kafkaUp,
        boolean redisUp,
        List<Partition> partitions,
        List<View> views,
        StandbyLag standby) implements Answer {

    /** One Kafka partition: where the aggregator stands, the end of the topic and Redis's fence; null where unknown. */
    public record Partition(int partition, long nextOffset, Long endOffset, Long lag, Long realtimeOffset, Long realtimeLag) {

        JsonObject toJson() {
            return new JsonObject().put("partition", partition).put("nextOffset", nextOffset)
                    .put("endOffset", endOffset).put("lag", lag)
                    .put("realtimeOffset", realtimeOffset).put("realtimeLag", realtimeLag);
        }
    }

    /**
     * One view's last refresh and staleness: for a materialized view, how old its data is; for the
     * hour and day sales ({@code pendingHours} not null), how long the oldest change has waited.
     */
    public record View(String name, OffsetDateTime lastRefreshAt, Long lastRefreshMs, Long refreshes, Long pendingHours,
                       Long stalenessMs, String lastError, OffsetDateTime lastErrorAt) {

        JsonObject toJson() {
            JsonObject view = new JsonObject()
                    .put("name", name)
                    .put("lastRefreshAt", Times.iso(lastRefreshAt))
                    .put("lastRefreshMs", lastRefreshMs)
                    .put("refreshes", refreshes);
            if (pendingHours != null) {
                view.put("pendingHours", pendingHours);
            }
            view.put("stalenessMs", stalenessMs);
            if (lastError != null) {
                view.put("lastError", lastError).put("lastErrorAt", Times.iso(lastErrorAt));
            }
            return view;
        }
    }

    /** How far the newest stored event trails {@code now}: the pipeline's freshness under steady traffic; null before any. */
    public Long freshnessMs(Instant now) {
        return lastEventAt == null ? null : Math.max(0, now.toEpochMilli() - lastEventAt.toInstant().toEpochMilli());
    }

    public JsonObject toJson() {
        JsonArray partitionsJson = new JsonArray();
        partitions.forEach(p -> partitionsJson.add(p.toJson()));
        JsonArray viewsJson = new JsonArray();
        views.forEach(v -> viewsJson.add(v.toJson()));
        return new JsonObject()
                .put("asOf", asOf.toString())
                .put("consumerLag", consumerLag)
                .put("realtimeLag", realtimeLag)
                .put("eventsStored", eventsStored)
                .put("duplicatesDropped", duplicatesDropped)
                .put("lateEvents", lateEvents)
                .put("deadLettered", deadLettered)
                .put("cancellationsApplied", cancellationsApplied)
                .put("cancellationsIgnored", cancellationsIgnored)
                .put("offsetsSkipped", offsetsSkipped)
                .put("watermark", Times.iso(watermark))
                .put("lastEventAt", Times.iso(lastEventAt))
                .put("lastBatchAt", Times.iso(lastBatchAt))
                .put("kafka", kafkaUp ? "up" : "unreachable")
                .put("redis", redisUp ? "up" : "unreachable")
                .put("partitions", partitionsJson)
                .put("views", viewsJson)
                .put("standby", standby == null ? null : standby.toJson());
    }
}
