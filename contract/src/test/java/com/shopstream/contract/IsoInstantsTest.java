package com.shopstream.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {

    @Test
    @DisplayName("Formats exactly as Instant.toString and parses back the same instant, at every precision")
    void roundTrip() {
        SplittableRandom random = new SplittableRandom(7);
        long from = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(random.nextLong(from, to + 1), nanos);
            String text = IsoInstants.format(instant);
            assertThat(text).isEqualTo(instant.toString());
            assertThat(IsoInstants.parse(text)).isEqualTo(instant);
        }
    }

    @Test
    @DisplayName("Years beyond four digits are written as Instant.toString writes them")
    void wideYears() {
        Instant far = Instant.parse("+12026-01-01T00:00:00Z");
        assertThat(IsoInstants.format(far)).isEqualTo(far.toString());
    }

    @Test
    @DisplayName("Other forms ISO-8601 allows are read as OffsetDateTime reads them")
    void otherForms() {
        for (String text : new String[] {"2026-11-28T05:00:00.5+01:00", "2026-11-28T04:00Z", "2026-11-28t04:00:00z",
                "2026-11-28T04:00:00.123456789-03:30", "2024-02-29T23:59:59.000Z", "2026-11-28T04:00:00.Z"}) {
            assertThat(IsoInstants.parse(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
    }

    @Test
    @DisplayName("Texts OffsetDateTime refuses are refused the same way")
    void refused() {
        for (String text : new String[] {"2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
                "2026-11-28T24:00:00Z", "2026-11-28T04:60:00Z", "2026-11-28T04:00:60Z",
                "2026-11-28T04:00:00.1234567890Z", "2026-11-28 04:00:00Z", "2026-11-28T04:00:00", "20x6-11-28T04:00:00Z", ""}) {
            assertThatThrownBy(() -> IsoInstants.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }
}
