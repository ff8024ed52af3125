package com.shopstream.it;

import static com.shopstream.it.TestData.line;
import static com.shopstream.it.TestData.now;
import static com.shopstream.it.TestData.order;
import static com.shopstream.it.TestData.product;
import static com.shopstream.it.TestData.uniqueId;
import static com.shopstream.it.TestData.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.ShopEvent;
import com.shopstream.contract.Topics;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The broker gone at the moment the aggregator must publish a dead letter. The test holds every
 * partition's progress row, so the aggregator waits with a batch that holds a poison record; it stops
 * the broker, lets the batch go, and starts the broker again later. The publish fails or waits, the
 * batch is retried, and in the end the dead letter is on its topic and every order around it counts
 * once. Meanwhile no event loop of the aggregator is blocked: it logs no blocked thread, and its
 * health answers.
 */
@Tag(Stack.LOCAL_ONLY)
class DeadLetterOutageIT {

    private static final Duration BROKER_AWAY = Duration.ofSeconds(15);

    private final Stack stack = Stack.INSTANCE;

    @Test
    @DisplayName("A dead letter due while the broker is down is published once it is back; the orders around it count once")
    void deadLetterWhileBrokerIsDown() throws Exception {
        String region = uniqueName("it-dlq-outage");
        String marker = "it-dlq-outage-" + uniqueId();
        long product = product(stack, uniqueName("it-cat"), "4.00");
        long customer = uniqueId();
        Instant from = now().minus(Duration.ofMinutes(2));
        List<ShopEvent> orders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            orders.add(order(customer, region, now(), line(product, 1 + i, "4.00")));
        }
        Expected expected = new Expected();
        orders.forEach(expected::add);
        stack.awaitCaughtUp(stack.timeout());
        JsonObject before = stack.status();
        long blockedBefore = blockedThreadWarnings();

        try (DeadLetters deadLetters = new DeadLetters(stack)) {
            SqlConnection holder = Stack.await(stack.pg.getConnection());
            Transaction holding = Stack.await(holder.begin());
            try {
                Stack.await(holder.query("SELECT 1 FROM partition_progress FOR UPDATE").execute());
                stack.produceRaw(Long.toString(customer), ("{\"poison\":\"" + marker + "\"").getBytes(StandardCharsets.UTF_8));
                stack.produce(orders);
                awaitAggregatorWaitingOnTheLock();

                stack.infra("down", "kafka");
                Stack.await(holding.rollback());
                Thread.sleep(BROKER_AWAY.toMillis());
                assertThat(aggregatorHealth().statusCode()).as("the aggregator answers while its publish waits on the broker")
                        .isIn(200, 503);
            } finally {
                holder.close();
                stack.infra("up");
            }
            DeadLetters.Letter letter = deadLetters.awaitMatching(stack.timeout(), List.<Predicate<DeadLetters.Letter>>of(
                    l -> l.valueText().contains(marker))).get(0);
            assertThat(letter.headers()).containsKey(Topics.HEADER_REASON);
        }

        stack.awaitCaughtUp(stack.timeout());
        JsonObject after = stack.status();
        assertThat(after.getLong("deadLettered") - before.getLong("deadLettered")).as("dead letters counted").isEqualTo(1);
        assertThat(after.getLong("eventsStored") - before.getLong("eventsStored")).as("events stored").isEqualTo(orders.size());
        Awaitility.await().atMost(stack.timeout()).untilAsserted(() ->
                expected.assertMatches(stack.regionTotals(region, from, now().plus(Duration.ofMinutes(2))), "the region's orders"));
        assertThat(blockedThreadWarnings()).as("Vert.x's warnings of a blocked thread in the aggregator's log").isEqualTo(blockedBefore);
    }

    private long blockedThreadWarnings() throws IOException {
        try (Stream<String> lines = Files.lines(stack.stateDir.resolve("logs").resolve("aggregator.log"))) {
            return lines.filter(line -> line.contains("BlockedThreadChecker")).count();
        }
    }

    /** The aggregator has read the poison record and waits for its partition's progress row. */
    private void awaitAggregatorWaitingOnTheLock() {
        Awaitility.await().atMost(stack.timeout()).pollInterval(Duration.ofMillis(200)).until(() -> stack.sql("""
                SELECT count(*) AS waiting FROM pg_stat_activity
                WHERE application_name = 'aggregator' AND wait_event_type = 'Lock'""").iterator().next().getLong("waiting") > 0);
    }

    private HttpResponse<Buffer> aggregatorHealth() {
        return Stack.await(stack.http.getAbs(stack.aggregator + "/health").timeout(5_000).send());
    }
}
