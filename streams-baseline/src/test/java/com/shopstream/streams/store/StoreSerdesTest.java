package com.shopstream.streams.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StoreSerdesTest {

    @Test
    @DisplayName("An event id is stored as its 16 bytes and reads back the same")
    void eventIdRoundTrip() {
        UUID id = UUID.fromString("340f6dd4-60dc-4624-a5c2-4215a6b57cb3");
        Serde<UUID> serde = StoreSerdes.eventId();

        byte[] bytes = serde.serializer().serialize("t", id);

        assertThat(bytes).hasSize(16);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(id);
    }

    @Test
    @DisplayName("A rollup key reads back the same, whatever the characters of its category and region")
    void rollupKeyRoundTrip() {
        Serde<RollupKey> serde = StoreSerdes.rollupKey();
        for (RollupKey key : new RollupKey[] {
            new RollupKey(29_912_345L, "home & garden", "eu-central"),
            new RollupKey(-1L, "unknown", ""),
            new RollupKey(0L, "", "us-west"),
            new RollupKey(Long.MAX_VALUE, "café ☕", "ré-gion")}) {
            assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", key))).isEqualTo(key);
        }
    }

    @Test
    @DisplayName("A rollup keeps its revenue exact, scale included, however large or negative")
    void rollupRoundTrip() {
        Serde<Rollup> serde = StoreSerdes.rollup();
        for (Rollup rollup : new Rollup[] {
            Rollup.EMPTY,
            new Rollup(new BigDecimal("1234.50"), 3, 7),
            new Rollup(new BigDecimal("-0.01"), -1, -2),
            new Rollup(new BigDecimal("98765432109876543210.123"), Long.MAX_VALUE, Long.MIN_VALUE)}) {
            Rollup back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", rollup));

            assertThat(back).isEqualTo(rollup);
            assertThat(back.revenue().scale()).isEqualTo(rollup.revenue().scale());
        }
    }

    @Test
    @DisplayName("Adding lines sums revenue, units and orders; asOneOrder counts them as a single order")
    void rollupArithmetic() {
        Rollup lines = Rollup.line(new BigDecimal("19.98"), 2).plus(Rollup.line(new BigDecimal("5.00"), 1));

        assertThat(lines).isEqualTo(new Rollup(new BigDecimal("24.98"), 0, 3));
        assertThat(Rollup.EMPTY.plus(lines.asOneOrder()).plus(lines.asOneOrder()))
                .isEqualTo(new Rollup(new BigDecimal("49.96"), 2, 6));
    }
}
