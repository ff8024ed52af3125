package com.shopstream.it;

import static com.shopstream.it.TestData.line;
import static com.shopstream.it.TestData.order;
import static com.shopstream.it.TestData.product;
import static com.shopstream.it.TestData.uniqueId;
import static com.shopstream.it.TestData.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ViewRefreshFailureIT {

    private static final String VIEW = "product_velocity";
    private static final String UNIQUE_INDEX = "product_velocity_idx";
    /** The first view of its refresh group, so that its refresh waits only on its own lock. */
    private static final String STRETCHED = "product_region_popularity";

    private final Stack stack = Stack.INSTANCE;

    @Test
    @DisplayName("A view whose refresh fails shows the error in the status while ingestion and the other views go on, and recovers by itself")
    void failingRefresh() {
        long product = product(stack, uniqueName("it-refresh"), "3.00");
        // Without its unique index, REFRESH MATERIALIZED VIEW CONCURRENTLY refuses to run.
        stack.sql("DROP INDEX " + UNIQUE_INDEX);
        try {
            Instant broken = Instant.now();
            long storedBefore = stack.status().getLong("eventsStored");
            stack.produce(List.of(order(uniqueId(), uniqueName("it-refresh"), TestData.now(), line(product, 1, "3.00"))));
            stack.awaitCaughtUp(stack.timeout());
            assertThat(stack.status().getLong("eventsStored")).as("ingestion goes on").isGreaterThan(storedBefore);

            JsonObject failed = await(() -> {
                JsonObject view = stack.view(VIEW);
                return view.getString("lastErrorAt") != null && Instant.parse(view.getString("lastErrorAt")).isAfter(broken) ? view : null;
            });
            assertThat(failed.getString("lastError")).containsIgnoringCase("concurrently");
            JsonObject sibling = stack.view("product_region_popularity");
            assertThat(Instant.parse(sibling.getString("lastRefreshAt"))).as("the view it is refreshed after").isAfter(broken);
        } finally {
            stack.sql("CREATE UNIQUE INDEX IF NOT EXISTS " + UNIQUE_INDEX + " ON " + VIEW + " (product_id)");
        }

        Instant repaired = Instant.now();
        stack.produce(List.of(order(uniqueId(), uniqueName("it-refresh"), TestData.now(), line(product, 1, "3.00"))));
        JsonObject recovered = await(() -> {
            JsonObject view = stack.view(VIEW);
            return Instant.parse(view.getString("lastRefreshAt")).isAfter(repaired) ? view : null;
        });
        assertThat(Instant.parse(recovered.getString("lastRefreshAt"))).isAfter(Instant.parse(recovered.getString("lastErrorAt")));
    }

    @Test
    @DisplayName("A refresh held up by a lock does not hold the next one back for ten times as long: the wait is capped")
    void stretchedRefresh() throws Exception {
        Duration maxInterval = stack.settings.duration("SHOP_VIEW_REFRESH_MAX_INTERVAL", Duration.ofMinutes(5));
        assumeTrue(maxInterval.compareTo(Duration.ofMinutes(1)) <= 0, "infra/test sets SHOP_VIEW_REFRESH_MAX_INTERVAL to 30s");
        long product = product(stack, uniqueName("it-refresh"), "3.00");
        Duration held = maxInterval.dividedBy(3);
        SqlConnection holder = Stack.await(stack.pg.getConnection());
        try {
            Transaction holding = Stack.await(holder.begin());
            // The window's row, locked to the end: it holds up the refresh that moves the window on,
            // not the fold or the readers.
            Stack.await(holder.query("SELECT starts_at FROM product_region_window FOR UPDATE").execute());
            stack.produce(List.of(order(uniqueId(), uniqueName("it-refresh"), TestData.now(), line(product, 1, "3.00"))));
            Awaitility.await().atMost(stack.timeout()).pollInterval(Duration.ofMillis(200)).until(() -> stack.sql("""
                    SELECT count(*) AS waiting FROM pg_stat_activity
                    WHERE application_name = 'aggregator-views' AND wait_event_type = 'Lock'""").iterator().next().getLong("waiting") > 0);
            Thread.sleep(held.toMillis());
            Stack.await(holding.rollback());
        } finally {
            holder.close();
        }

        JsonObject stretched = await(() -> {
            JsonObject view = stack.view(STRETCHED);
            return view.getLong("lastRefreshMs", 0L) >= held.toMillis() ? view : null;
        });
        Instant stretchedAt = Instant.parse(stretched.getString("lastRefreshAt"));
        stack.produce(List.of(order(uniqueId(), uniqueName("it-refresh"), TestData.now(), line(product, 1, "3.00"))));
        JsonObject next = await(() -> {
            JsonObject view = stack.view(STRETCHED);
            return Instant.parse(view.getString("lastRefreshAt")).isAfter(stretchedAt) ? view : null;
        });
        Duration waited = Duration.between(stretchedAt, Instant.parse(next.getString("lastRefreshAt")));
        assertThat(waited).as("from the stretched refresh's start to the next one's; ten times it would be "
                        + Duration.ofMillis(10 * stretched.getLong("lastRefreshMs")))
                .isLessThan(maxInterval.plus(Duration.ofSeconds(15)));
    }

    private static JsonObject await(Callable<JsonObject> view) {
        return Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(view, found -> found != null);
    }
}
