package com.shopstream.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.EventJsonWriter;
import com.shopstream.contract.EventType;
import com.shopstream.contract.EventValidator;
import com.shopstream.contract.OrderLine;
import com.shopstream.contract.ShopEvent;
import com.shopstream.contract.ValidationPolicy;
import com.shopstream.streams.backlog.Backlog;
import com.shopstream.streams.catalog.Catalog;
import com.shopstream.streams.store.Rollup;
import com.shopstream.streams.store.RollupKey;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineTopologyTest {

    private static final String TOPIC = "shop.events";
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final Instant AT = Instant.parse("2026-12-06T11:58:42.123Z");
    private static final long MINUTE = AT.getEpochSecond() / 60;

    @TempDir
    Path stateDir;

    @Test
    @DisplayName("Valid events are taken in once by eventId; new orders roll up by minute, category and region")
    void dedupsAndRollsUp() {
        Catalog catalog = new Catalog(Map.of(1L, "books", 2L, "toys"));
        ShopEvent order = order(new OrderLine(1, 2, new BigDecimal("9.99")), new OrderLine(1, 1, new BigDecimal("5.00")),
                new OrderLine(2, 3, new BigDecimal("1.50")), new OrderLine(99, 1, new BigDecimal("0.10")));
        ShopEvent second = order(new OrderLine(1, 1, new BigDecimal("20.00")));
        ShopEvent view = new ShopEvent(UUID.randomUUID(), EventType.PRODUCT_VIEWED, AT, 7, "s-1", "eu-central", null, List.of(), 1L);
        List<byte[]> values = List.of(EventJsonWriter.write(order), EventJsonWriter.write(view), "{not json".getBytes(StandardCharsets.UTF_8),
                EventJsonWriter.write(order), EventJsonWriter.write(second), new byte[0],
                EventJsonWriter.write(order(new OrderLine(1, 1, new BigDecimal("1.00")))));
        RunCounters counters = new RunCounters(() -> 0);
        // The last record lies past the backlog's end: produced after the benchmark's backlog.
        Backlog backlog = new Backlog(TOPIC, new TreeMap<>(Map.of(0, 0L)), new TreeMap<>(Map.of(0, 6L)));

        try (TopologyTestDriver driver = new TopologyTestDriver(BaselineTopology.build(backlog,
                new EventDecoder(new EventValidator(Clock.fixed(NOW, ZoneOffset.UTC), ValidationPolicy.DEFAULT)), catalog, counters),
                properties())) {
            TestInputTopic<byte[], byte[]> input = driver.createInputTopic(TOPIC, new ByteArraySerializer(), new ByteArraySerializer());
            values.forEach(value -> input.pipeInput(new byte[] {7}, value));

            KeyValueStore<UUID, Long> eventIds = driver.getKeyValueStore(BaselineTopology.EVENT_IDS_STORE);
            assertThat(eventIds.get(order.eventId())).isEqualTo(AT.toEpochMilli());
            assertThat(rows(eventIds)).hasSize(3);
            assertThat(rows(driver.getKeyValueStore(BaselineTopology.ROLLUP_STORE))).containsExactlyInAnyOrderEntriesOf(Map.of(
                    new RollupKey(MINUTE, "books", "eu-central"), new Rollup(new BigDecimal("44.98"), 2, 4),
                    new RollupKey(MINUTE, "toys", "eu-central"), new Rollup(new BigDecimal("4.50"), 1, 3),
                    new RollupKey(MINUTE, Catalog.UNKNOWN_CATEGORY, "eu-central"), new Rollup(new BigDecimal("0.10"), 1, 1)));
        }
        assertThat(counters.records()).isEqualTo(6);
        assertThat(counters.valid()).isEqualTo(3);
        assertThat(counters.duplicates()).isEqualTo(1);
        assertThat(counters.invalid()).isEqualTo(2);
        assertThat(counters.orders()).isEqualTo(2);
        assertThat(counters.firstRecord()).isNotNull();
    }

    private static ShopEvent order(OrderLine... lines) {
        return new ShopEvent(UUID.randomUUID(), EventType.ORDER_PLACED, AT, 7, "s-1", "eu-central", 1000L, List.of(lines), null);
    }

    private static <K, V> Map<K, V> rows(KeyValueStore<K, V> store) {
        Map<K, V> rows = new HashMap<>();
        try (KeyValueIterator<K, V> all = store.all()) {
            all.forEachRemaining((KeyValue<K, V> row) -> rows.put(row.key, row.value));
        }
        return rows;
    }

    private Properties properties() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "baseline-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }
}
