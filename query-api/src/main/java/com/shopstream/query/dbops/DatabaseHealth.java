package com.shopstream.query.dbops;

import com.shopstream.query.api.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The monitoring checklist: cache hits, connections, locks, bloat, maintenance, partitions, WAL and
 * checkpoints, I/O per table and replication, each figure with a status against its
 * {@link Threshold}. {@link #toJson()} is the answer of {@code GET /v1/admin/db/health}.
 */
record DatabaseHealth(Instant asOf, Figure tableCacheHit, Figure indexCacheHit, int maxConnections, Figure connectionsUsed,
                      List<Connections> connections, Figure poolCapacity, List<PoolUsage> pools, Figure longestLockWait, List<Blocked> blocked, List<TableState> tables,
                      List<IndexState> indexes, ExactBloat exactBloat, List<Partitioned> partitions, Figure walBytesPerSecond, Figure requestedCheckpointShare,
                      List<TableIo> io, List<Standby> standbys) implements Answer {

    /** A measured value, its status, and the bounds it was judged by. */
    record Figure(Double value, Threshold threshold) {

        static Figure of(Double value, Threshold threshold) {
            return new Figure(value, threshold);
        }

        JsonObject toJson() {
            return new JsonObject().put("value", value == null || value.isNaN() ? null
                            : BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros())
                    .put("status", threshold.of(value).label())
                    .put("warnAt", threshold.warn()).put("badAt", threshold.bad());
        }
    }

    record Connections(String service, String state, long count) {
    }

    /** A service instance's pool as it last reported it; {@code used} is its connections in use over its size. */
    record PoolUsage(String service, String instance, String pool, int maxSize, int inUse, int waiting, Double meanWaitMs, Figure used) {
    }

    record Blocked(int pid, String service, double waitingMs, String query, List<Blocker> blockedBy) {
    }

    record Blocker(int pid, String service, String state, Double transactionMs, String query) {
    }

    record TableState(String table, long liveRows, long deadRows, Figure deadShare, OffsetDateTime lastVacuum,
                      OffsetDateTime lastAnalyze, Figure modifiedSinceAnalyze) {
    }

    /** An index's size and the share of it estimated to be waste. */
    record IndexState(String table, String index, long bytes, Figure estimatedWaste) {
    }

    /** pgstattuple's exact figures for one table or index, when asked for. */
    record ExactBloat(String relation, String kind, long bytes, Figure wasted, Double leafDensityPercent) {
    }

    record Partitioned(String table, long partitions, long bytes) {
    }

    record TableIo(String table, long heapBlocksRead, long heapBlocksHit, long indexBlocksRead, long indexBlocksHit) {
    }

    record Standby(String name, String state, Figure replayLagMs, Long replayLagBytes) {
    }

    @Override
    public JsonObject toJson() {
        JsonArray byService = new JsonArray();
        connections.forEach(c -> byService.add(new JsonObject().put("service", c.service()).put("state", c.state()).put("count", c.count())));
        JsonArray poolUsage = new JsonArray();
        pools.forEach(p -> poolUsage.add(new JsonObject().put("service", p.service()).put("instance", p.instance()).put("pool", p.pool())
                .put("maxSize", p.maxSize()).put("inUse", p.inUse()).put("waiting", p.waiting())
                .put("meanWaitMs", Numbers.rounded(p.meanWaitMs())).put("used", p.used().toJson())));
        JsonArray waits = new JsonArray();
        for (Blocked b : blocked) {
            JsonArray blockers = new JsonArray();
            b.blockedBy().forEach(x -> blockers.add(new JsonObject().put("pid", x.pid()).put("service", x.service()).put("state", x.state())
                    .put("transactionMs", Numbers.rounded(x.transactionMs())).put("query", x.query())));
            waits.add(new JsonObject().put("pid", b.pid()).put("service", b.service()).put("waitingMs", Numbers.rounded(b.waitingMs()))
                    .put("query", b.query()).put("blockedBy", blockers));
        }
        JsonArray tableStates = new JsonArray();
        tables.forEach(t -> tableStates.add(new JsonObject().put("table", t.table()).put("liveRows", t.liveRows())
                .put("deadRows", t.deadRows()).put("deadShare", t.deadShare().toJson())
                .put("lastVacuum", iso(t.lastVacuum())).put("lastAnalyze", iso(t.lastAnalyze()))
                .put("modifiedSinceAnalyze", t.modifiedSinceAnalyze().toJson())));
        JsonArray indexStates = new JsonArray();
        indexes.forEach(i -> indexStates.add(new JsonObject().put("table", i.table()).put("index", i.index()).put("bytes", i.bytes())
                .put("estimatedWaste", i.estimatedWaste().toJson())));
        JsonArray partitioned = new JsonArray();
        partitions.forEach(p -> partitioned.add(new JsonObject().put("table", p.table()).put("partitions", p.partitions())
                .put("bytes", p.bytes())));
        JsonArray tableIo = new JsonArray();
        io.forEach(t -> tableIo.add(new JsonObject().put("table", t.table()).put("heapBlocksRead", t.heapBlocksRead())
                .put("heapBlocksHit", t.heapBlocksHit()).put("indexBlocksRead", t.indexBlocksRead()).put("indexBlocksHit", t.indexBlocksHit())));
        JsonArray replicas = new JsonArray();
        standbys.forEach(s -> replicas.add(new JsonObject().put("name", s.name()).put("state", s.state())
                .put("replayLagMs", s.replayLagMs().toJson()).put("replayLagBytes", s.replayLagBytes())));
        return new JsonObject()
                .put("asOf", asOf.toString())
                .put("cacheHitRate", new JsonObject().put("tables", tableCacheHit.toJson()).put("indexes", indexCacheHit.toJson()))
                .put("connections", new JsonObject().put("max", maxConnections).put("used", connectionsUsed.toJson()).put("byService", byService)
                        .put("poolCapacity", poolCapacity.toJson()).put("pools", poolUsage))
                .put("locks", new JsonObject().put("longestWaitMs", longestLockWait.toJson()).put("blocked", waits))
                .put("tables", tableStates)
                .put("indexes", indexStates)
                .put("exactBloat", exactBloat == null ? null : new JsonObject().put("relation", exactBloat.relation())
                        .put("kind", exactBloat.kind()).put("bytes", exactBloat.bytes()).put("wastedPercent", exactBloat.wasted().toJson())
                        .put("leafDensityPercent", exactBloat.leafDensityPercent()))
                .put("partitions", partitioned)
                .put("wal", new JsonObject().put("bytesPerSecond", walBytesPerSecond.toJson())
                        .put("requestedCheckpointShare", requestedCheckpointShare.toJson()))
                .put("io", tableIo)
                .put("replication", new JsonObject().put("standbys", replicas));
    }

    private static String iso(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}
