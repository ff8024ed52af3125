package com.shopstream.aggregator.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Event times as the {@link OffsetDateTime}s the PostgreSQL client sends, built for every row of
 * every batch. The date of the last day seen is kept: nearly every event of a batch falls on it,
 * and computing a date from a day number is most of the conversion's cost.
 */
public final class UtcTimestamps {

    private static final long SECONDS_PER_DAY = 86_400;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private record Day(long epochDay, LocalDate date) {
    }

    // Racy by design: any thread may replace it, and a Day is immutable, so a reader sees a whole one.
    private static volatile Day lastDay = new Day(0, LocalDate.EPOCH);

    private UtcTimestamps() {
    }

    /**
     * The instant at offset UTC. Not {@code instant.atOffset(UTC)}, which builds the offset's
     * {@code ZoneRules} anew on every call.
     */
    public static OffsetDateTime utc(Instant instant) {
        long seconds = instant.getEpochSecond();
        long epochDay = Math.floorDiv(seconds, SECONDS_PER_DAY);
        Day day = lastDay;
        if (day.epochDay() != epochDay) {
            day = new Day(epochDay, LocalDate.ofEpochDay(epochDay));
            lastDay = day;
        }
        long nanoOfDay = Math.floorMod(seconds, SECONDS_PER_DAY) * NANOS_PER_SECOND + instant.getNano();
        return OffsetDateTime.of(LocalDateTime.of(day.date(), LocalTime.ofNanoOfDay(nanoOfDay)), ZoneOffset.UTC);
    }
}
