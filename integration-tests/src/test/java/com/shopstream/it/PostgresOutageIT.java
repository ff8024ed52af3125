package com.shopstream.it;

import static com.shopstream.it.PipelineEndToEndIT.jsonArray;
import static com.shopstream.it.TestData.line;
import static com.shopstream.it.TestData.now;
import static com.shopstream.it.TestData.order;
import static com.shopstream.it.TestData.product;
import static com.shopstream.it.TestData.uniqueId;
import static com.shopstream.it.TestData.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.ShopEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL away for a while: ingest goes on accepting events with keys it confirmed before (only
 * Kafka decides a 202), query-api answers from Redis what Redis holds and 503 with Retry-After for the
 * rest, and once PostgreSQL is back the aggregator stores everything exactly once.
 */
@Tag(Stack.LOCAL_ONLY)
class PostgresOutageIT {

    private final Stack stack = Stack.INSTANCE;

    @Test
    @DisplayName("PostgreSQL stopped: ingest accepts, realtime answers, timeseries says 503; once it is back every order is stored once")
    void servicesOutliveAStoppedDatabase() throws Exception {
        String region = uniqueName("it-pg-down");
        long product = product(stack, uniqueName("it-cat"), "7.50");
        Instant from = now().minus(Duration.ofMinutes(2));
        ShopEvent before = order(uniqueId(), region, now(), line(product, 1, "7.50"));
        assertThat(stack.postEvents(jsonArray(List.of(before))).statusCode()).as("before the outage").isEqualTo(202);
        Expected expected = Expected.of(before);
        stack.awaitCaughtUp(stack.timeout());

        stack.infra("down", "postgres");
        try {
            for (int request = 0; request < 5; request++) {
                List<ShopEvent> orders = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    orders.add(order(uniqueId(), region, now(), line(product, 1 + i, "7.50")));
                }
                HttpResponse<Buffer> accepted = stack.postEvents(jsonArray(orders));
                assertThat(accepted.statusCode()).as("ingest while PostgreSQL is down: " + accepted.bodyAsString()).isEqualTo(202);
                orders.forEach(expected::add);
                Thread.sleep(Duration.ofSeconds(2).toMillis()); // outlive the key cache's fresh interval
            }

            assertThat(stack.get("/v1/sales/realtime?window=15m").statusCode()).as("realtime, from Redis").isEqualTo(200);
            HttpResponse<Buffer> timeseries = stack.get("/v1/sales/timeseries?granularity=minute&region=" + region
                    + "&from=" + from + "&to=" + now().plus(Duration.ofMinutes(2)));
            assertThat(timeseries.statusCode()).as("timeseries, from PostgreSQL: " + timeseries.bodyAsString()).isEqualTo(503);
            assertThat(timeseries.getHeader("Retry-After")).isNotNull();
        } finally {
            stack.infra("up");
        }

        stack.awaitCaughtUp(stack.timeout());
        Expected stored = expected;
        Awaitility.await().atMost(stack.timeout()).untilAsserted(() ->
                stored.assertMatches(stack.regionTotals(region, from, now().plus(Duration.ofMinutes(2))), "the region's orders, stored once"));
        JsonObject realtime = stack.getJson("/v1/sales/realtime?window=15m&groupBy=region").getJsonArray("groups").stream()
                .map(JsonObject.class::cast).filter(g -> region.equals(g.getString("key"))).findFirst().orElse(null);
        expected.assertMatches(realtime, "the region's realtime window");
    }
}
