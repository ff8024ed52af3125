package com.shopstream.aggregator.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LateEventsTest {

    private final LateEvents lateEvents = new LateEvents(Duration.ofMinutes(1));
    private static final Instant T = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    @DisplayName("An event more than the threshold behind the partition's watermark is late; the watermark only moves forward")
    void lateAgainstRunningWatermark() {
        LateEvents.Count count = lateEvents.count(T, List.of(
                T.minusSeconds(60), T.minusSeconds(61), T.plusSeconds(120), T.plusSeconds(59), T.plusSeconds(30), T));

        assertThat(count.late()).isEqualTo(4);
        assertThat(count.watermark()).isEqualTo(T.plusSeconds(120));
    }

    @Test
    @DisplayName("A partition's first events are never late")
    void firstEvents() {
        LateEvents.Count count = lateEvents.count(null, List.of(T, T.minusSeconds(30)));
        assertThat(count.late()).isZero();
        assertThat(count.watermark()).isEqualTo(T);
        assertThat(lateEvents.count(null, List.of()).watermark()).isNull();
    }
}
