package com.shopstream.common;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports this process's PostgreSQL pools into the database every 15 s, from Vert.x's pool metrics:
 * each pool's size, the connections in use, the requests waiting for one, and their mean wait since
 * the last report. query-api's database checklist sets the server's connections against the pools
 * of every instance of every service this way, however many there are and wherever they run.
 */
public final class PoolReport {

    private static final Logger LOG = LoggerFactory.getLogger(PoolReport.class);
    private static final Duration EVERY = Duration.ofSeconds(15);
    private static final String INSTANCE = ManagementFactory.getRuntimeMXBean().getName();
    private static final String UPSERT = """
            INSERT INTO db_pool_reports (service, instance, pool_name, max_size, in_use, waiting, mean_wait_ms, reported_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, now())
            ON CONFLICT (service, instance, pool_name) DO UPDATE SET max_size = excluded.max_size, in_use = excluded.in_use,
                waiting = excluded.waiting, mean_wait_ms = excluded.mean_wait_ms, reported_at = excluded.reported_at""";

    private final MeterRegistry registry;
    private final Pool writer;
    private final String service;
    private final Map<String, Integer> poolSizes;

    /** @param poolSizes each pool's name ({@code <application name>-pg}) and maximum size */
    public PoolReport(MeterRegistry registry, Pool writer, String service, Map<String, Integer> poolSizes) {
        this.registry = registry;
        this.writer = writer;
        this.service = service;
        this.poolSizes = Map.copyOf(poolSizes);
    }

    public void start(Vertx vertx) {
        Map<String, double[]> lastWaits = new HashMap<>();
        vertx.setPeriodic(EVERY.toMillis(), id -> poolSizes.forEach((name, size) -> {
            double[] now = waits(name);
            double[] before = lastWaits.getOrDefault(name, new double[] {0, 0});
            lastWaits.put(name, now);
            double count = now[0] - before[0];
            Double meanWaitMs = count > 0 ? (now[1] - before[1]) / count : null;
            writer.preparedQuery(UPSERT).execute(Tuple.of(service, INSTANCE, name, size, (int) gauge("vertx.pool.in.use", name),
                            (int) gauge("vertx.pool.queue.pending", name), meanWaitMs))
                    .onFailure(e -> LOG.debug("pool {} not reported: {}", name, e.toString()));
        }));
    }

    private double gauge(String meter, String pool) {
        Gauge gauge = registry.find(meter).tag("pool_type", "sql").tag("pool_name", pool).gauge();
        return gauge == null ? 0 : gauge.value();
    }

    /** The pool's waits so far: how many, and their total in milliseconds. */
    private double[] waits(String pool) {
        Timer timer = registry.find("vertx.pool.queue.time").tag("pool_type", "sql").tag("pool_name", pool).timer();
        return timer == null ? new double[] {0, 0} : new double[] {timer.count(), timer.totalTime(TimeUnit.MILLISECONDS)};
    }
}
