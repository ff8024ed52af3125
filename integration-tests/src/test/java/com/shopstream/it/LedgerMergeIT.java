package com.shopstream.it;

import static com.shopstream.it.TestData.line;
import static com.shopstream.it.TestData.now;
import static com.shopstream.it.TestData.order;
import static com.shopstream.it.TestData.product;
import static com.shopstream.it.TestData.uniqueId;
import static com.shopstream.it.TestData.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.ShopEvent;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The event-id ledger in two tiers (decision 0014): a second aggregator merges the recent ids into the
 * large ledger every tenth of a second, 50 ids per transaction, while the same orders are sent again
 * and again, before, during and after their ids move. Every copy must be dropped as a duplicate, and every id end up in the
 * large ledger only.
 */
class LedgerMergeIT {

    private static final int ORDERS = 3_000;
    private static final int RESENDS = 4;

    private final Stack stack = Stack.INSTANCE;

    @Test
    @DisplayName("Orders sent five times while their ids move to the large ledger count once; each id ends in the large ledger only")
    void duplicatesAcrossMerges() throws Exception {
        String region = uniqueName("it-ledger");
        long product = product(stack, uniqueName("it-cat"), "2.50");
        Instant now = now();
        List<ShopEvent> orders = new ArrayList<>();
        Expected expected = new Expected();
        for (int i = 0; i < ORDERS; i++) {
            ShopEvent order = order(uniqueId(), region, now, line(product, 1 + i % 3, "2.50"));
            orders.add(order);
            expected.add(order);
        }
        UUID[] ids = orders.stream().map(ShopEvent::eventId).toArray(UUID[]::new);
        JsonObject before = stack.status();

        try (ServiceProcess merger = ServiceProcess.start(stack, "aggregator", "SHOP_AGGREGATOR_PORT", Map.of(
                "SHOP_LEDGER_MERGE_MIN_ROWS", "1",
                "SHOP_LEDGER_MERGE_RATIO", Integer.toString(Integer.MAX_VALUE),
                "SHOP_LEDGER_MERGE_INTERVAL", "100ms",
                "SHOP_LEDGER_MERGE_CHUNK", "50")).awaitListening(Duration.ofSeconds(60))) {
            stack.produce(orders);
            stack.produce(orders);
            awaitAllMoved(ids);
            for (int i = 2; i < RESENDS + 1; i++) {
                stack.produce(orders);
            }
            stack.awaitCaughtUp(stack.timeout());
            awaitAllMoved(ids);
        }

        JsonObject after = stack.status();
        assertThat(after.getLong("eventsStored") - before.getLong("eventsStored")).as("events stored").isEqualTo(ORDERS);
        assertThat(after.getLong("duplicatesDropped") - before.getLong("duplicatesDropped")).as("duplicates dropped")
                .isEqualTo((long) ORDERS * RESENDS);
        expected.assertMatches(stack.regionTotals(region, now.minus(Duration.ofMinutes(2)), now.plus(Duration.ofMinutes(2))),
                "the region's orders in PostgreSQL");
    }

    /** Waits until every id is in the large ledger and none is left in the recent one. */
    private void awaitAllMoved(UUID[] ids) {
        Awaitility.await().atMost(stack.timeout()).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Row row = stack.sql("""
                    SELECT (SELECT count(*) FROM event_ids WHERE event_id = ANY($1::uuid[])),
                           (SELECT count(*) FROM event_ids_recent WHERE event_id = ANY($1::uuid[]))""", (Object) ids).iterator().next();
            assertThat(row.getLong(0)).as("ids in the large ledger").isEqualTo(ids.length);
            assertThat(row.getLong(1)).as("ids left in the recent ledger").isZero();
        });
    }
}
