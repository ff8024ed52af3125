package com.shopstream.aggregator.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class UtcTimestampsTest {

    @Test
    @DisplayName("The same date and time as atOffset(UTC), across day boundaries, before 1970, and switching days back and forth")
    void sameAsAtOffset() {
        List<Instant> instants = List.of(Instant.parse("2026-12-07T23:59:59.999999999Z"), Instant.parse("2026-12-08T00:00:00Z"),
                Instant.parse("2026-12-07T12:00:00.000001Z"), Instant.parse("1969-12-31T23:59:59.5Z"), Instant.EPOCH,
                Instant.parse("1900-02-28T06:30:00Z"), Instant.parse("2026-12-08T00:00:00.000000001Z"), Instant.parse("2026-12-07T00:00:00Z"));
        for (Instant instant : instants) {
            assertThat(UtcTimestamps.utc(instant)).as("%s", instant).isEqualTo(instant.atOffset(ZoneOffset.UTC));
        }
    }
}
