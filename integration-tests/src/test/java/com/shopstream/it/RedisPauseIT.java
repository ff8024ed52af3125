package com.shopstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.ShopEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A Redis that stops answering (paused, hung, unreachable) must not hold what does not need it:
 * every Redis command has a timeout, after which the cache is skipped and rate limits pass, and the
 * aggregator goes on storing into PostgreSQL while its Redis updates wait.
 */
@Tag(Stack.LOCAL_ONLY)
class RedisPauseIT {

    private static final Duration PAUSE = Duration.ofSeconds(10);

    private final Stack stack = Stack.INSTANCE;

    @Test
    @DisplayName("While Redis is paused, a PostgreSQL-backed answer comes after the Redis timeout, not after the pause")
    void pausedRedisDoesNotHoldQueries() {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        String path = "/v1/sales/timeseries?granularity=hour&region=" + TestData.uniqueName("it-pause")
                + "&from=" + hour.minus(Duration.ofHours(3)) + "&to=" + hour.plus(Duration.ofHours(1));
        Stack.await(stack.redis.send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(PAUSE.toMillis()).arg("ALL")));
        Instant paused = Instant.now();
        try {
            HttpResponse<Buffer> answer = stack.get(path);

            assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
            assertThat(Duration.between(paused, Instant.now())).as("answered while Redis was still paused").isLessThan(PAUSE);
        } finally {
            awaitUnpaused();
        }
    }

    @Test
    @DisplayName("While Redis is paused, the aggregator stores batch after batch in PostgreSQL; the windows catch up exactly afterwards")
    void pausedRedisDoesNotHoldStoring() {
        String region = TestData.uniqueName("it-pause");
        long product = TestData.product(stack, TestData.uniqueName("it-cat"), "4.00");
        List<ShopEvent> orders = new ArrayList<>();
        Stack.await(stack.redis.send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(PAUSE.toMillis()).arg("ALL")));
        Instant paused = Instant.now();
        try {
            for (int batch = 0; batch < 3; batch++) {
                ShopEvent order = TestData.order(TestData.uniqueId(), region, TestData.now(), TestData.line(product, 1 + batch, "4.00"));
                orders.add(order);
                stack.produce(List.of(order));
                Awaitility.await().atMost(PAUSE).pollInterval(Duration.ofMillis(100)).until(() ->
                        stack.sql("SELECT count(*) FROM orders WHERE region = $1", region).iterator().next().getLong(0) == orders.size());
            }
            assertThat(Duration.between(paused, Instant.now())).as("three batches stored while Redis was still paused").isLessThan(PAUSE);
        } finally {
            awaitUnpaused();
        }

        stack.awaitCaughtUp(stack.timeout());
        JsonObject window = stack.getJson("/v1/sales/realtime?window=15m&groupBy=region").getJsonArray("groups").stream()
                .map(JsonObject.class::cast).filter(g -> region.equals(g.getString("key"))).findFirst().orElse(null);
        Expected.of(orders.toArray(ShopEvent[]::new)).assertMatches(window, "the region's realtime window");
    }

    /** A paused Redis blocks every client's commands, UNPAUSE included: wait for the pause to end. */
    private void awaitUnpaused() {
        Awaitility.await().atMost(PAUSE.plusSeconds(20)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> "PONG".equals(Stack.await(stack.redis.send(Request.cmd(Command.PING))).toString()));
    }
}
