package com.shopstream.query.dbops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checklist's headline figures as Prometheus gauges, refreshed from {@link HealthChecklist}
 * every 30 s on each instance: cache hit rates, the share of connections used, the longest lock wait
 * and the sessions waiting, the largest dead-row share, the WAL rate, the share of requested
 * checkpoints, the largest standby lag, and each figure's status (0 ok, 1 warn, 2 bad). A figure not
 * measured yet reads NaN.
 */
public final class DatabaseGauges {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseGauges.class);
    private static final Duration REFRESH = Duration.ofSeconds(30);

    private final AtomicReference<DatabaseHealth> latest = new AtomicReference<>();
    private final MultiGauge statuses;

    public DatabaseGauges(MeterRegistry registry) {
        gauge(registry, "shop.db.cache.hit.ratio", Tags.of("kind", "table"), "Share of table blocks found in shared buffers",
                h -> value(h.tableCacheHit()));
        gauge(registry, "shop.db.cache.hit.ratio", Tags.of("kind", "index"), "Share of index blocks found in shared buffers",
                h -> value(h.indexCacheHit()));
        gauge(registry, "shop.db.connections.used.ratio", Tags.empty(), "Connections of this database over max_connections",
                h -> value(h.connectionsUsed()));
        gauge(registry, "shop.db.lock.wait.longest.seconds", Tags.empty(), "The longest current wait for a lock",
                h -> value(h.longestLockWait()) / 1000);
        gauge(registry, "shop.db.lock.waiting.sessions", Tags.empty(), "Sessions waiting for a lock another session holds",
                h -> h.blocked().size());
        gauge(registry, "shop.db.dead.rows.share.max", Tags.empty(), "The largest share of dead rows of a table of 1,000 rows or more",
                h -> h.tables().stream().mapToDouble(t -> value(t.deadShare())).filter(v -> !Double.isNaN(v)).max().orElse(0));
        gauge(registry, "shop.db.wal.bytes.per.second", Tags.empty(), "WAL written per second over the last minute",
                h -> value(h.walBytesPerSecond()));
        gauge(registry, "shop.db.checkpoints.requested.share", Tags.empty(), "Share of checkpoints forced by max_wal_size over the last minute",
                h -> value(h.requestedCheckpointShare()));
        gauge(registry, "shop.db.replication.lag.seconds", Tags.empty(), "The largest replay lag of a standby (0 without standbys)",
                h -> h.standbys().stream().mapToDouble(s -> value(s.replayLagMs()) / 1000).filter(v -> !Double.isNaN(v)).max().orElse(0));
        statuses = MultiGauge.builder("shop.db.check.status").description("Each checklist figure's status: 0 ok, 1 warn, 2 bad")
                .register(registry);
    }

    public void start(Vertx vertx, HealthChecklist checklist) {
        vertx.setPeriodic(0, REFRESH.toMillis(), id -> checklist.compute()
                .onSuccess(this::update)
                .onFailure(e -> LOG.debug("database gauges not refreshed: {}", e.toString())));
    }

    private void update(DatabaseHealth health) {
        latest.set(health);
        Map<String, DatabaseHealth.Figure> figures = Map.of(
                "table_cache_hit", health.tableCacheHit(), "index_cache_hit", health.indexCacheHit(),
                "connections_used", health.connectionsUsed(), "lock_wait", health.longestLockWait(),
                "wal_rate", health.walBytesPerSecond(), "requested_checkpoints", health.requestedCheckpointShare());
        statuses.register(figures.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("check", e.getKey()), e.getValue().threshold().of(e.getValue().value()).ordinal()))
                .toList(), true);
    }

    private void gauge(MeterRegistry registry, String name, Tags tags, String description, ToDoubleFunction<DatabaseHealth> figure) {
        Gauge.builder(name, latest, ref -> ref.get() == null ? Double.NaN : figure.applyAsDouble(ref.get()))
                .tags(tags).description(description).register(registry);
    }

    private static double value(DatabaseHealth.Figure figure) {
        return figure.value() == null ? Double.NaN : figure.value();
    }
}
