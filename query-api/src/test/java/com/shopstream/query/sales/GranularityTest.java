package com.shopstream.query.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GranularityTest {

    private static final Instant T = Instant.parse("2026-11-28T10:15:42Z");

    @Test
    @DisplayName("Ranges round outwards to whole UTC buckets; aligned times stay put")
    void rounding() {
        assertThat(Granularity.MINUTE.floor(T)).isEqualTo(Instant.parse("2026-11-28T10:15:00Z"));
        assertThat(Granularity.MINUTE.ceil(T)).isEqualTo(Instant.parse("2026-11-28T10:16:00Z"));
        assertThat(Granularity.HOUR.ceil(T)).isEqualTo(Instant.parse("2026-11-28T11:00:00Z"));
        assertThat(Granularity.DAY.floor(T)).isEqualTo(Instant.parse("2026-11-28T00:00:00Z"));
        assertThat(Granularity.DAY.ceil(T)).isEqualTo(Instant.parse("2026-11-29T00:00:00Z"));
        Instant aligned = Instant.parse("2026-11-28T10:00:00Z");
        assertThat(Granularity.HOUR.ceil(aligned)).isEqualTo(aligned);
    }
}
