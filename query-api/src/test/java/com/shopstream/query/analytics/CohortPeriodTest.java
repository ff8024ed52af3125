package com.shopstream.query.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CohortPeriodTest {

    @Test
    @DisplayName("Weeks start on Monday and months on the first, in UTC")
    void starts() {
        Instant sunday = Instant.parse("2026-11-29T23:59:59Z");

        assertThat(CohortsHandler.Period.WEEK.start(sunday)).isEqualTo(OffsetDateTime.parse("2026-11-23T00:00:00Z"));
        assertThat(CohortsHandler.Period.MONTH.start(sunday)).isEqualTo(OffsetDateTime.parse("2026-11-01T00:00:00Z"));
        assertThat(CohortsHandler.Period.MONTH.plus(OffsetDateTime.parse("2026-11-01T00:00:00Z"), 3))
                .isEqualTo(OffsetDateTime.parse("2027-02-01T00:00:00Z"));
    }
}
