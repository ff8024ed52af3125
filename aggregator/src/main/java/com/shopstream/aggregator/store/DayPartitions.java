package com.shopstream.aggregator.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the daily partitions of the event store in step with the data: creates the days a batch
 * needs before its transaction, creates the coming days ahead, and drops the days past retention.
 */
public final class DayPartitions {

    private static final Logger LOG = LoggerFactory.getLogger(DayPartitions.class);
    private static final int DAYS_AHEAD = 3;

    private final Pool pool;
    private final int retentionDays;
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    public DayPartitions(Pool pool, int retentionDays) {
        this.pool = pool;
        this.retentionDays = retentionDays;
    }

    /** Creates the partitions for the days of the given event times that are not known to exist. */
    Future<Void> ensureFor(Collection<Instant> times) {
        Set<LocalDate> days = new TreeSet<>();
        for (Instant t : times) {
            LocalDate day = LocalDate.ofInstant(t, ZoneOffset.UTC);
            if (!known.contains(day)) {
                days.add(day);
            }
        }
        return days.isEmpty() ? Future.succeededFuture() : create(days);
    }

    /**
     * Creates the partitions from yesterday to a few days ahead and drops the expired ones. Runs on
     * one aggregator at a time (an advisory lock); the others skip the round.
     */
    public Future<Void> maintain(LocalDate today) {
        return pool.withTransaction(conn -> conn.query(StoreSql.TRY_MAINTENANCE_LOCK).execute()
                .compose(rows -> {
                    if (!rows.iterator().next().getBoolean(0)) {
                        return Future.succeededFuture();
                    }
                    LocalDate[] days = today.minusDays(1).datesUntil(today.plusDays(DAYS_AHEAD + 1)).toArray(LocalDate[]::new);
                    LocalDate cutoff = today.minusDays(retentionDays);
                    return conn.preparedQuery(StoreSql.ENSURE_DAY_PARTITIONS).execute(Tuple.of((Object) days))
                            .compose(created -> conn.preparedQuery(StoreSql.DROP_EXPIRED_PARTITIONS).execute(Tuple.of(cutoff))
                                    .map(dropped -> {
                                        known.addAll(List.of(days));
                                        known.removeIf(day -> day.isBefore(cutoff));
                                        int made = created.iterator().next().getInteger(0);
                                        int gone = dropped.iterator().next().getInteger(0);
                                        if (made > 0 || gone > 0) {
                                            LOG.info("partition maintenance: created {} and dropped {} day partitions (retention {} days)",
                                                    made, gone, retentionDays);
                                        }
                                        return null;
                                    }));
                }))
                .mapEmpty();
    }

    private Future<Void> create(Set<LocalDate> days) {
        LocalDate[] array = days.toArray(LocalDate[]::new);
        return pool.preparedQuery(StoreSql.ENSURE_DAY_PARTITIONS).execute(Tuple.of((Object) array))
                .map(rows -> {
                    known.addAll(days);
                    return null;
                });
    }
}
