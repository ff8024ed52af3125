package com.shopstream.aggregator.maintenance;

import com.shopstream.aggregator.store.UtcTimestamps;
import com.shopstream.common.SessionLead;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the derived views fresh, on one aggregator at a time: each round takes a session advisory
 * lock (the others skip the round), recomputes the hour and day sales of the hours batches marked
 * since the last round, folds the orders placed and cancelled since then into the counts behind
 * {@code product_pairs}, {@code cohort_activity}, {@code customer_rfm} and
 * {@code product_region_popularity}, then refreshes each derived view whose inputs changed (batches
 * committed since it last read the offsets): the materialized views {@code CONCURRENTLY},
 * {@code customer_rfm} by its quintile cutoffs, {@code product_region_popularity} by its window; paced
 * by {@link RefreshPacing}: the views as a whole take at most a tenth of one database
 * connection's time, however many there are, and leave the rest to the batches. Its database
 * backend runs at a lower CPU priority than the batches' ({@code nice}), so that on cores the batches
 * keep busy it takes what they leave rather than an equal share. Every refresh and fold is recorded
 * in {@code view_refreshes}.
 */
public final class ViewMaintenance {

    private static final Logger LOG = LoggerFactory.getLogger(ViewMaintenance.class);

    /** The hour and day sales rollups, recomputed for touched hours only. */
    static final String SALES_ROLLUPS = "sales_hour_day";

    /** The views kept by deltas: plain views over counts as fresh as the last fold of the order changes. */
    static final List<String> FOLDED_VIEWS = List.of("product_pairs", "cohort_activity");

    /** A view refreshed when its inputs changed, and the statement that refreshes it. */
    record RefreshedView(String name, String refresh) {

        static RefreshedView materialized(String name) {
            return new RefreshedView(name, "REFRESH MATERIALIZED VIEW CONCURRENTLY " + name);
        }
    }

    /**
     * The refreshed views in refresh order, in groups: a view built from another is refreshed
     * right after it, whenever it is, so the two never disagree for long. A group is due by the
     * state of its first view. {@code customer_rfm} scores against cutoffs: its refresh recomputes them;
     * {@code product_region_popularity} sums counts over a window: its refresh moves the window on.
     */
    static final List<List<RefreshedView>> REFRESHED_VIEWS = List.of(
            List.of(new RefreshedView("customer_rfm", MaintenanceSql.REFRESH_RFM_CUTOFFS),
                    RefreshedView.materialized("customer_segments"), RefreshedView.materialized("customer_base")),
            List.of(new RefreshedView("product_region_popularity", MaintenanceSql.REFRESH_PRODUCT_REGION_WINDOW),
                    RefreshedView.materialized("product_velocity")));

    private final Pool pool;
    private final RefreshPacing pacing;
    private final int nice;
    private final Clock clock;
    private final Runnable viewsChanged;
    private boolean priorityReported;

    /** {@code nice}: the backend's nice value, from 0 (the batches' own priority) to 19. */
    public ViewMaintenance(Pool pool, RefreshPacing pacing, int nice, Clock clock, Runnable viewsChanged) {
        this.pool = pool;
        this.pacing = pacing;
        this.nice = nice;
        this.clock = clock;
        this.viewsChanged = viewsChanged;
    }

    /** One round; completes without doing anything when another aggregator holds the lead. */
    public Future<Void> runRound() {
        return SessionLead.run(pool, "shopstream.views", this::lead, null);
    }

    private Future<Void> lead(SqlConnection conn) {
        return lowerPriority(conn)
                .compose(v -> refreshSalesRollups(conn))
                .compose(v -> foldOrderChanges(conn))
                .compose(v -> conn.preparedQuery(MaintenanceSql.REFRESH_STATE).execute(Tuple.of(heads(), SALES_ROLLUPS)))
                .compose(rows -> {
                    Future<Void> chain = Future.succeededFuture();
                    int group = 0;
                    for (Row row : rows) {
                        long inputVersion = row.getLong(4);
                        if (isDue(row, inputVersion)) {
                            for (RefreshedView view : REFRESHED_VIEWS.get(group)) {
                                chain = chain.compose(v -> refreshView(conn, view, inputVersion));
                            }
                        }
                        group++;
                    }
                    return chain;
                });
    }

    /**
     * Lowers the backend's priority to {@code nice}, every round: the pool may have reconnected. A
     * nice value only goes up, so this never raises a backend someone lowered further by hand.
     */
    private Future<Void> lowerPriority(SqlConnection conn) {
        if (nice == 0) {
            return Future.succeededFuture();
        }
        return conn.preparedQuery(MaintenanceSql.LOWER_BACKEND_PRIORITY).execute(Tuple.of(nice))
                .onSuccess(rows -> {
                    if (!priorityReported) {
                        priorityReported = true;
                        Integer now = rows.iterator().next().getInteger(0);
                        if (now == null) {
                            LOG.warn("the database has no prioritize extension: the view maintenance runs at the batches' priority");
                        } else {
                            LOG.info("the view maintenance's database backend runs at nice {}", now);
                        }
                    }
                })
                .<Void>mapEmpty()
                .recover(e -> {
                    LOG.warn("could not lower the view maintenance's priority: {}", e.getMessage());
                    return Future.succeededFuture();
                });
    }

    private static String[] heads() {
        return REFRESHED_VIEWS.stream().map(group -> group.get(0).name()).toArray(String[]::new);
    }

    /** Due when batches were committed since the last refresh read its input version, and the pacing's wait is over. */
    private boolean isDue(Row state, long inputVersion) {
        OffsetDateTime refreshedAt = state.getOffsetDateTime(1);
        if (refreshedAt == null) {
            return true;
        }
        Duration wait = pacing.waitAfter(Duration.ofMillis(state.getLong(5)));
        return inputVersion > state.getLong(3) && !clock.instant().isBefore(refreshedAt.toInstant().plus(wait));
    }

    /**
     * Recomputes the hours batches have marked and their days, then clears the marks no batch has
     * touched since it read them, in one transaction. The marks are only read until the end, so the
     * batches marking the same hours meanwhile never wait for the recomputation; a mark a batch touched
     * again stays, and its hour is recomputed in the next round.
     */
    private Future<Void> refreshSalesRollups(SqlConnection conn) {
        Instant started = clock.instant();
        return conn.begin().compose(tx -> conn.query(MaintenanceSql.READ_DIRTY_HOURS).execute()
                .compose(marks -> {
                    if (marks.size() == 0) {
                        return Future.succeededFuture();
                    }
                    Set<OffsetDateTime> hours = new TreeSet<>();
                    List<OffsetDateTime> markHours = new ArrayList<>(marks.size());
                    List<Integer> markPartitions = new ArrayList<>(marks.size());
                    List<Long> markTouches = new ArrayList<>(marks.size());
                    for (Row mark : marks) {
                        hours.add(mark.getOffsetDateTime(0));
                        markHours.add(mark.getOffsetDateTime(0));
                        markPartitions.add(mark.getInteger(1));
                        markTouches.add(mark.getLong(2));
                    }
                    Tuple touched = Tuple.of((Object) hours.toArray(OffsetDateTime[]::new));
                    Future<Void> chain = Future.succeededFuture();
                    for (String sql : MaintenanceSql.RECOMPUTE_TOUCHED) {
                        chain = chain.compose(v -> conn.preparedQuery(sql).execute(touched).mapEmpty());
                    }
                    Tuple read = Tuple.of(markHours.toArray(OffsetDateTime[]::new), markPartitions.toArray(Integer[]::new),
                            markTouches.toArray(Long[]::new));
                    return chain
                            .compose(v -> conn.preparedQuery(MaintenanceSql.CLEAR_DIRTY_HOURS).execute(read))
                            .compose(v -> record(conn, SALES_ROLLUPS, started, 0));
                })
                .compose(v -> tx.commit())
                .recover(e -> tx.rollback().transform(r -> recordFailure(conn, SALES_ROLLUPS, e))));
    }

    /**
     * Folds the logged order changes into the counts, in one statement. The input version is read
     * first: every batch committed by then has its changes logged, so this fold takes them all.
     */
    private Future<Void> foldOrderChanges(SqlConnection conn) {
        Instant started = clock.instant();
        return conn.query(MaintenanceSql.INPUT_VERSION).execute()
                .compose(version -> conn.query(MaintenanceSql.FOLD_ORDER_CHANGES).execute()
                        .compose(folded -> eachFoldedView(view -> record(conn, view, started, version.iterator().next().getLong(0)))
                                .onSuccess(v -> {
                                    if (folded.iterator().next().getInteger(0) > 0) {
                                        viewsChanged.run();
                                    }
                                })))
                .recover(e -> eachFoldedView(view -> recordFailure(conn, view, e)));
    }

    private static Future<Void> eachFoldedView(Function<String, Future<Void>> action) {
        Future<Void> chain = Future.succeededFuture();
        for (String view : FOLDED_VIEWS) {
            chain = chain.compose(v -> action.apply(view));
        }
        return chain;
    }

    private Future<Void> refreshView(SqlConnection conn, RefreshedView refreshed, long inputVersion) {
        Instant started = clock.instant();
        String view = refreshed.name();
        return conn.query(refreshed.refresh()).execute()
                .compose(v -> record(conn, view, started, inputVersion))
                .onSuccess(v -> {
                    viewsChanged.run();
                    LOG.debug("refreshed {} in {} ms", view, Duration.between(started, clock.instant()).toMillis());
                })
                .recover(e -> recordFailure(conn, view, e));
    }

    private Future<Void> record(SqlConnection conn, String view, Instant started, long inputVersion) {
        long millis = Duration.between(started, clock.instant()).toMillis();
        return conn.preparedQuery(MaintenanceSql.RECORD_REFRESH).execute(Tuple.of(view, UtcTimestamps.utc(started), millis, inputVersion))
                .mapEmpty();
    }

    private Future<Void> recordFailure(SqlConnection conn, String view, Throwable error) {
        LOG.warn("refreshing {} failed: {}", view, error.getMessage());
        return conn.preparedQuery(MaintenanceSql.RECORD_FAILURE).execute(Tuple.of(view, String.valueOf(error.getMessage())))
                .<Void>mapEmpty()
                .recover(e -> Future.succeededFuture());
    }
}
