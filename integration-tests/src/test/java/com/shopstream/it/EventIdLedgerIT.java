package com.shopstream.it;

import static com.shopstream.it.TestData.line;
import static com.shopstream.it.TestData.now;
import static com.shopstream.it.TestData.order;
import static com.shopstream.it.TestData.product;
import static com.shopstream.it.TestData.uniqueId;
import static com.shopstream.it.TestData.uniqueName;
import static com.shopstream.it.TestData.view;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.ShopEvent;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The events' idempotency ledger is their unique index on {@code (occurred_at, event_id)} (decision
 * 0015). The same events go to two Kafka partitions, so batches of both, in transactions of their own,
 * insert the same rows: each event is stored and counted once. Sent again with another time, an
 * eventId names another event; an order is still placed once, by its orderId. An event a batch finds
 * being inserted by another transaction fails the batch on the index, and the retry drops it.
 */
class EventIdLedgerIT {

    private static final int EACH = 1_000;

    private final Stack stack = Stack.INSTANCE;

    @Test
    @DisplayName("Events sent to two partitions are stored once; sent with another time they are other events, but no order is placed twice")
    void resentEventsCountOnce() {
        String region = uniqueName("it-ledger");
        long product = product(stack, uniqueName("it-cat"), "2.50");
        Instant at = now();
        List<ShopEvent> events = new ArrayList<>();
        Expected expected = new Expected();
        for (int i = 0; i < EACH; i++) {
            ShopEvent order = order(uniqueId(), region, at, line(product, 1 + i % 3, "2.50"));
            events.add(order);
            expected.add(order);
            events.add(view(uniqueId(), at, product));
        }
        Instant otherTime = at.minusSeconds(20);
        List<ShopEvent> restamped = events.stream().map(e -> new ShopEvent(e.eventId(), e.type(), otherTime, e.customerId(),
                e.sessionId(), e.region(), e.orderId(), e.items(), e.productId())).toList();
        UUID[] ids = events.stream().map(ShopEvent::eventId).toArray(UUID[]::new);
        JsonObject before = stack.status();

        stack.produceTo(0, events);
        stack.produceTo(1, events);
        stack.awaitCaughtUp(stack.timeout());
        stack.produce(restamped);
        stack.awaitCaughtUp(stack.timeout());

        JsonObject after = stack.status();
        assertThat(after.getLong("eventsStored") - before.getLong("eventsStored")).as("events stored: each once, and the views again")
                .isEqualTo(3L * EACH);
        assertThat(after.getLong("duplicatesDropped") - before.getLong("duplicatesDropped"))
                .as("duplicates dropped: the second partition's copies, and the orders again").isEqualTo(3L * EACH);
        Row rows = stack.sql("""
                SELECT count(*) FILTER (WHERE occurred_at = $2),
                       count(*) FILTER (WHERE occurred_at = $3 AND type = 'product_viewed'),
                       count(*) FILTER (WHERE occurred_at = $3 AND type <> 'product_viewed')
                FROM events WHERE event_id = ANY($1::uuid[])""", ids, at.atOffset(ZoneOffset.UTC), otherTime.atOffset(ZoneOffset.UTC))
                .iterator().next();
        assertThat(rows.getLong(0)).as("rows at the first time").isEqualTo(2L * EACH);
        assertThat(rows.getLong(1)).as("views at the other time").isEqualTo(EACH);
        assertThat(rows.getLong(2)).as("orders at the other time").isZero();
        expected.assertMatches(stack.regionTotals(region, at.minus(Duration.ofMinutes(2)), at.plus(Duration.ofMinutes(2))),
                "the region's orders in PostgreSQL");
    }

    @Test
    @DisplayName("An event that another transaction is inserting is a lost race: the batch waits, is retried, and drops it as a duplicate")
    void eventInsertedConcurrentlyIsALostRace() {
        long product = product(stack, uniqueName("it-cat"), "1.00");
        ShopEvent event = view(uniqueId(), now(), product);
        JsonObject before = stack.status();
        // Offset -1: no range of offsets a rebuild reads holds this row.
        SqlConnection other = Stack.await(stack.pg.getConnection());
        try {
            Transaction transaction = Stack.await(other.begin());
            Stack.await(other.preparedQuery("""
                    INSERT INTO events (event_id, occurred_at, type, customer_id, product_id, src_partition, src_offset)
                    VALUES ($1, $2, 'product_viewed', $3, $4, 0, -1)""")
                    .execute(Tuple.of(event.eventId(), event.occurredAt().atOffset(ZoneOffset.UTC), event.customerId(), product)));

            stack.produce(List.of(event));
            Awaitility.await().atMost(stack.timeout()).pollInterval(Duration.ofMillis(100)).until(() -> stack.sql("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO events%'""").iterator().next().getLong(0) > 0);
            Stack.await(transaction.commit());
        } finally {
            other.close();
        }
        stack.awaitCaughtUp(stack.timeout());

        JsonObject after = stack.status();
        assertThat(after.getLong("eventsStored") - before.getLong("eventsStored")).as("events stored").isZero();
        assertThat(after.getLong("duplicatesDropped") - before.getLong("duplicatesDropped")).as("duplicates dropped").isEqualTo(1);
        assertThat(after.getLong("deadLettered") - before.getLong("deadLettered")).as("dead letters").isZero();
    }
}
