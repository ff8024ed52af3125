package com.shopstream.it;

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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A failure that is not the data's fault, repeated: the aggregator keeps retrying with backoff,
 * reports itself unhealthy after a few in a row, never exits, and stores the batch exactly once
 * when the failure ends. It restarts the single topology's aggregator, found by its pid file.
 */
@Tag(Stack.SINGLE_TOPOLOGY)
class AggregatorRetriesIT {

    private static final int UNHEALTHY_AFTER = 3;

    private final Stack stack = Stack.INSTANCE;

    @Test
    @DisplayName("Batches failing for a reason outside their data: retried, unhealthy after a few in a row, still running, then stored once")
    void retriesWithoutExiting() throws Exception {
        String marker = "it-busy-" + UUID.randomUUID();
        String function = "it_busy_" + marker.replaceAll("[^a-z0-9]", "_");
        String region = uniqueName("it-retry");
        long product = product(stack, uniqueName("it-cat"), "3.00");
        long customer = uniqueId();
        Instant now = now();
        ShopEvent blocked = order(customer, marker, region, now, line(product, 1, "3.00"));
        ShopEvent after = order(customer, region, now, line(product, 2, "3.00"));
        restartAggregator(Map.of("SHOP_AGGREGATOR_UNHEALTHY_AFTER", Integer.toString(UNHEALTHY_AFTER)));
        long pid = stack.pidOf("aggregator");
        // Insufficient resources (class 53), as a server out of memory or connections answers: not the data's fault.
        stack.sql("CREATE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "RAISE EXCEPTION 'the server is busy (test)' USING ERRCODE = '53000'; END $$");
        stack.sql("CREATE TRIGGER " + function + " BEFORE INSERT ON events FOR EACH ROW WHEN (NEW.session_id = '" + marker
                + "') EXECUTE FUNCTION " + function + "()");
        try {
            stack.produceInOneBatch(List.of(blocked, after));

            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
                HttpResponse<Buffer> health = health();
                return health.statusCode() == 503 && health.bodyAsJsonObject().getInteger("failuresInARow") >= UNHEALTHY_AFTER;
            });
            assertThat(stack.pidOf("aggregator")).as("still the same process").isEqualTo(pid);
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
        } finally {
            stack.sql("DROP TRIGGER IF EXISTS " + function + " ON events");
            stack.sql("DROP FUNCTION IF EXISTS " + function + "()");
        }

        stack.awaitCaughtUp(Duration.ofMinutes(2));
        Expected.of(blocked, after).assertMatches(stack.regionTotals(region, now.minus(Duration.ofMinutes(2)), now.plus(Duration.ofMinutes(2))),
                "the region's orders, stored once");
        JsonObject health = health().bodyAsJsonObject();
        assertThat(health.getString("status")).isEqualTo("up");
        assertThat(health.getInteger("failuresInARow")).isZero();
        assertThat(stack.pidOf("aggregator")).isEqualTo(pid);
        restartAggregator(Map.of());
    }

    /** infra/up restarts a service whose settings changed. */
    private void restartAggregator(Map<String, String> environment) throws Exception {
        long pid = stack.pidOf("aggregator");
        stack.infra(environment, "up");
        assertThat(stack.pidOf("aggregator")).as("restarted with the new settings").isNotEqualTo(pid);
    }

    private HttpResponse<Buffer> health() {
        return Stack.await(stack.http.getAbs(stack.aggregator + "/health").send());
    }
}
