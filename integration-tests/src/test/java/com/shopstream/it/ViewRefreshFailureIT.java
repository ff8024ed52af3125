package com.shopstream.it;

import static com.shopstream.it.TestData.line;
import static com.shopstream.it.TestData.order;
import static com.shopstream.it.TestData.product;
import static com.shopstream.it.TestData.uniqueId;
import static com.shopstream.it.TestData.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
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

    private static JsonObject await(Callable<JsonObject> view) {
        return Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(view, found -> found != null);
    }
}
