package com.shopstream.it;

import static com.shopstream.it.TestData.cancellation;
import static com.shopstream.it.TestData.line;
import static com.shopstream.it.TestData.now;
import static com.shopstream.it.TestData.order;
import static com.shopstream.it.TestData.uniqueId;
import static com.shopstream.it.TestData.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.ShopEvent;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Redis holds derived state only: whatever it loses or misses is rebuilt from what PostgreSQL
 * stored, exactly, without counting anything twice.
 */
@Tag(Stack.LOCAL_ONLY)
class RealtimeRecoveryIT {

    private final Stack stack = Stack.INSTANCE;

    @Test
    @DisplayName("After Redis loses all its data, the realtime windows are rebuilt from PostgreSQL, late cancellations included")
    void rebuiltAfterRedisLosesEverything() {
        String region = uniqueName("it-flush");
        Expected expected = sendOrders(region, 40);
        // Cancelled by an event stamped long before the window, as a late one may be: the order stays out.
        ShopEvent cancelled = order(uniqueId(), region, now().minus(Duration.ofMinutes(5)), line(uniqueId(), 2, "7.77"));
        stack.produce(List.of(cancelled, cancellation(cancelled.customerId(), cancelled.orderId(), now().minus(Duration.ofMinutes(70)))));
        stack.awaitCaughtUp(stack.timeout());
        expected.assertMatches(realtime(region), "before the flush");

        // Flushed and counted in one atomic script: Redis holds nothing at all at that moment.
        long keysLeft = Stack.await(stack.redis.send(Request.cmd(Command.EVAL)
                .arg("redis.call('FLUSHALL') return redis.call('DBSIZE')").arg(0))).toLong();
        assertThat(keysLeft).isZero();

        awaitRealtime(region, expected, "after the flush");
    }

    @Test
    @DisplayName("While Redis is down PostgreSQL keeps storing; once Redis is back it catches up exactly")
    void catchesUpAfterRedisOutage() throws Exception {
        String region = uniqueName("it-outage");
        Expected expected = sendOrders(region, 20);
        stack.awaitCaughtUp(stack.timeout());

        stack.infra("down", "redis");
        expected.add(sendOrders(region, 30));
        Awaitility.await().atMost(stack.timeout()).ignoreExceptions().until(() ->
                stack.sql("SELECT count(*) FROM orders WHERE region = $1", region).iterator().next().getLong(0) == expected.orders);
        JsonObject whileDown = stack.status();
        assertThat(whileDown.getString("redis")).isEqualTo("unreachable");
        assertThat(whileDown.getValue("realtimeLag")).as("realtime lag while Redis is down").isNull();

        stack.infra("up");
        awaitRealtime(region, expected, "after Redis came back");
        Thread.sleep(Duration.ofSeconds(1).toMillis());
        expected.assertMatches(realtime(region), "a moment later, nothing applied twice");
    }

    @Test
    @DisplayName("A rebuild skips the history older than the windows, but not a cancellation stamped before them of an order inside")
    void rebuildKeepsEarlyStampedCancellationOfAnOrderInTheWindows() throws Exception {
        String region = uniqueName("it-skip");
        ShopEvent cancelled = order(uniqueId(), region, now().minus(Duration.ofMinutes(5)), line(uniqueId(), 3, "4.44"));
        stack.produceTo(0, List.of(cancelled));
        stack.awaitCaughtUp(stack.timeout());
        Expected.of(cancelled).assertMatches(realtime(region), "before the outage");

        stack.infra("down", "redis");
        // The first offset of partition 1 that Redis misses is the cancellation, sent by another customer
        // and stamped before the windows: only its order, in partition 0, says it still counts.
        stack.produceTo(1, List.of(cancellation(uniqueId(), cancelled.orderId(), now().minus(Duration.ofMinutes(70)))));
        Expected expected = new Expected();
        List<ShopEvent> later = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ShopEvent order = order(uniqueId(), region, now().minusSeconds(i), line(uniqueId(), 1 + i, "2.22"));
            later.add(order);
            expected.add(order);
        }
        stack.produceTo(1, later);
        Awaitility.await().atMost(stack.timeout()).ignoreExceptions().until(() -> {
            Row stored = stack.sql("SELECT count(*), count(cancelled_at) FROM orders WHERE region = $1", region).iterator().next();
            return stored.getLong(0) == 6 && stored.getLong(1) == 1;
        });

        stack.infra("up");
        awaitRealtime(region, expected, "after Redis came back");
    }

    private Expected sendOrders(String region, int count) {
        List<ShopEvent> orders = new ArrayList<>();
        Expected expected = new Expected();
        for (int i = 0; i < count; i++) {
            ShopEvent order = order(uniqueId(), region, now().minusSeconds(i), line(uniqueId(), 1 + i % 3, "3.33"));
            orders.add(order);
            expected.add(order);
        }
        stack.produce(orders);
        return expected;
    }

    /** Waits until the status reports no realtime lag; the windows must then hold everything again. */
    private void awaitRealtime(String region, Expected expected, String when) {
        // Rebuilding reads the last hour of every partition back from PostgreSQL: minutes on a busy stack.
        stack.awaitCaughtUp(Duration.ofMinutes(10));
        expected.assertMatches(realtime(region), when + ", once the status reports no realtime lag");
    }

    private JsonObject realtime(String region) {
        return stack.getJson("/v1/sales/realtime?window=15m&groupBy=region").getJsonArray("groups").stream()
                .map(JsonObject.class::cast).filter(g -> region.equals(g.getString("key"))).findFirst().orElse(null);
    }
}
