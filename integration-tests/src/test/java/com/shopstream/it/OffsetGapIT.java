package com.shopstream.it;

import static com.shopstream.it.TestData.line;
import static com.shopstream.it.TestData.now;
import static com.shopstream.it.TestData.order;
import static com.shopstream.it.TestData.product;
import static com.shopstream.it.TestData.uniqueId;
import static com.shopstream.it.TestData.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.EventJsonWriter;
import com.shopstream.contract.ShopEvent;
import com.shopstream.contract.Topics;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Records deleted from the topic before the aggregator stored them (retention outran a long outage)
 * leave a gap between the stored offset and the first record left. The aggregator must go on from
 * the records left, and say what it skipped: a warning, and the count in the pipeline status.
 */
@Tag(Stack.LOCAL_ONLY)
class OffsetGapIT {

    private static final int DELETED = 3;

    private final Stack stack = Stack.INSTANCE;

    @Test
    @DisplayName("Records deleted by retention before they were stored: counted as offsetsSkipped, and the records after them stored")
    void gapIsCountedNotSkippedSilently() throws Exception {
        String region = uniqueName("it-gap");
        long product = product(stack, uniqueName("it-cat"), "5.00");
        stack.awaitCaughtUp(stack.timeout());
        long skippedBefore = stack.status().getLong("offsetsSkipped");
        Instant from = now().minus(Duration.ofMinutes(2));

        stack.infra("down", "aggregator");
        ShopEvent kept;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.connections.kafkaBootstrap()))) {
            int partition = 0;
            long lastDeleted = -1;
            for (int i = 0; i < DELETED; i++) {
                lastDeleted = send(partition, order(uniqueId(), region, now(), line(product, 1, "5.00"))).offset();
            }
            admin.deleteRecords(Map.of(new TopicPartition(Topics.EVENTS, partition), RecordsToDelete.beforeOffset(lastDeleted + 1)))
                    .all().get(30, TimeUnit.SECONDS);
            kept = order(uniqueId(), region, now(), line(product, 2, "5.00"));
            send(partition, kept);
        } finally {
            stack.infra("up");
        }

        stack.awaitCaughtUp(stack.timeout());
        JsonObject status = stack.status();
        assertThat(status.getLong("offsetsSkipped") - skippedBefore).as("offsets skipped").isEqualTo(DELETED);
        Awaitility.await().atMost(stack.timeout()).untilAsserted(() ->
                Expected.of(kept).assertMatches(stack.regionTotals(region, from, now().plus(Duration.ofMinutes(2))),
                        "the region's orders: only the one left on the topic"));
    }

    private RecordMetadata send(int partition, ShopEvent event) throws Exception {
        return stack.kafka.send(new ProducerRecord<>(Topics.EVENTS, partition,
                Long.toString(event.customerId()).getBytes(StandardCharsets.UTF_8), EventJsonWriter.write(event))).get(30, TimeUnit.SECONDS);
    }
}
