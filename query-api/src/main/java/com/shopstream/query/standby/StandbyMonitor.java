package com.shopstream.query.standby;

import com.shopstream.common.ThrottledWarning;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the hot standby's replication lag twice a second: the standby's replay position and the
 * slot it streams from, then the primary's WAL position and PostgreSQL's own {@code replay_lag} for
 * that slot. The standby serves reads while it answers and trails by at most the bound; a standby
 * that does not answer within {@link #PROBE_TIMEOUT}, falls behind or stops receiving WAL hands the
 * reads back to the primary at the next measurement, and takes them again once it has caught up.
 */
public final class StandbyMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(StandbyMonitor.class);
    private static final Duration INTERVAL = Duration.ofMillis(500);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    private static final String STANDBY_POSITION = """
            SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text, (SELECT slot_name FROM pg_stat_wal_receiver)""";
    private static final String PRIMARY_POSITION = """
            SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::text::pg_lsn)::bigint,
                   (SELECT (EXTRACT(EPOCH FROM r.replay_lag) * 1000)::bigint
                      FROM pg_stat_replication r JOIN pg_replication_slots s ON s.active_pid = r.pid
                     WHERE s.slot_name = $2),
                   EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = $2 AND active)""";

    private final Pool primary;
    private final Pool standby;
    private final Duration maxLag;
    private final Clock clock;
    private final ThrottledWarning unavailable = new ThrottledWarning(LOG, "standby not used for reads: {}");
    private volatile StandbyLag current = StandbyLag.unknown();
    private long timer = -1;

    public StandbyMonitor(Pool primary, Pool standby, Duration maxLag, Clock clock) {
        this.primary = primary;
        this.standby = standby;
        this.maxLag = maxLag;
        this.clock = clock;
    }

    public StandbyLag current() {
        return current;
    }

    /** Whether reads that may lag go to the standby now. */
    public boolean servingReads() {
        return current.servingReads();
    }

    public void start(Vertx vertx, MeterRegistry registry) {
        Gauge.builder("shop_pg_standby_lag_bytes", () -> orNaN(current.lagBytes()))
                .description("WAL bytes the hot standby has not replayed yet").register(registry);
        Gauge.builder("shop_pg_standby_lag_seconds", () -> current.lagMillis() == null ? Double.NaN : current.lagMillis() / 1000.0)
                .description("how long the hot standby's replay trails the primary").register(registry);
        Gauge.builder("shop_pg_standby_serving_reads", () -> current.servingReads() ? 1 : 0)
                .description("1 while reads that may lag go to the hot standby, 0 while they go to the primary").register(registry);
        measure(vertx);
    }

    public void stop(Vertx vertx) {
        vertx.cancelTimer(timer);
    }

    private void measure(Vertx vertx) {
        probe().onComplete(done -> {
            current = done.succeeded() ? done.result()
                    : new StandbyLag(StandbyLag.State.DOWN, null, null, false, clock.instant());
            if (done.failed()) {
                unavailable.log(done.cause());
            }
            timer = vertx.setTimer(INTERVAL.toMillis(), id -> measure(vertx));
        });
    }

    private Future<StandbyLag> probe() {
        return standby.query(STANDBY_POSITION).execute().timeout(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .map(rows -> rows.iterator().next())
                .compose(position -> {
                    if (!position.getBoolean(0)) {
                        return Future.failedFuture("it is not in recovery: promoted, it is no standby of this primary");
                    }
                    return primary.preparedQuery(PRIMARY_POSITION)
                            .execute(Tuple.of(position.getString(1), position.getString(2)))
                            .timeout(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                            .map(rows -> judge(rows.iterator().next()));
                });
    }

    private StandbyLag judge(Row primaryView) {
        long bytes = Math.max(0, primaryView.getLong(0));
        Long replayLag = primaryView.getLong(1);
        boolean receiving = primaryView.getBoolean(2);
        Long lagMillis = bytes == 0 ? Long.valueOf(0) : replayLag;
        boolean withinBound = receiving && lagMillis != null && lagMillis <= maxLag.toMillis();
        return new StandbyLag(withinBound ? StandbyLag.State.STREAMING : StandbyLag.State.BEHIND,
                bytes, lagMillis, withinBound, clock.instant());
    }

    private static double orNaN(Long value) {
        return value == null ? Double.NaN : value;
    }
}
