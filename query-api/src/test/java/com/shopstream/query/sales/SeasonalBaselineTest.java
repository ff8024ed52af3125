package com.shopstream.query.sales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SeasonalBaselineTest {

    private static final Instant T = Instant.parse("2026-11-28T10:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    @DisplayName("An hour is scored against the same hour of the previous days; a spike beyond the band is anomalous")
    void hourly() {
        Map<Instant, Double> values = new HashMap<>();
        double[] history = {90, 110, 100, 90, 110, 100, 100};
        for (int day = 1; day <= 7; day++) {
            values.put(T.minus(Duration.ofDays(day)), history[day - 1]);
            values.put(T.minus(Duration.ofDays(day)).plus(HOUR), 1000.0);  // another hour of day: not in the baseline
        }
        values.put(T, 160.0);
        values.put(T.plus(HOUR), 1000.0);

        List<SeasonalBaseline.Point> points = new SeasonalBaseline(7, 3, 3, 1)
                .score(values, T, T.plus(Duration.ofHours(2)), HOUR, T.minus(Duration.ofDays(30)));

        SeasonalBaseline.Point spike = points.get(0);
        assertThat(spike.expected()).isEqualTo(100.0);
        assertThat(spike.upper()).isCloseTo(100 + 3 * Math.sqrt(400.0 / 7), within(1e-9));
        assertThat(spike.anomalous()).isTrue();
        assertThat(points.get(1).anomalous()).isFalse();
    }

    @Test
    @DisplayName("Days before the first data are not a baseline of zeros; too few days, no score")
    void dataStart() {
        Map<Instant, Double> values = Map.of(T.minus(Duration.ofDays(1)), 5.0, T, 500.0);

        assertThat(new SeasonalBaseline(7, 3, 3, 1).score(values, T, T.plus(HOUR), HOUR, T.minus(Duration.ofDays(1)))).isEmpty();
        assertThat(new SeasonalBaseline(7, 1, 3, 1).score(values, T, T.plus(HOUR), HOUR, T.minus(Duration.ofDays(1))))
                .singleElement().satisfies(p -> assertThat(p.expected()).isEqualTo(5.0));
    }

    @Test
    @DisplayName("Minutes are scored against every minute of the same hour on the previous days, absent minutes as zero")
    void minutes() {
        Map<Instant, Double> values = new HashMap<>();
        for (int day = 1; day <= 3; day++) {
            values.put(T.minus(Duration.ofDays(day)).plusSeconds(60 * 5), 60.0);
        }
        values.put(T.plusSeconds(60), 30.0);

        List<SeasonalBaseline.Point> points = new SeasonalBaseline(3, 3, 3, 1)
                .score(values, T, T.plus(Duration.ofMinutes(2)), Duration.ofMinutes(1), T.minus(Duration.ofDays(5)));

        assertThat(points).hasSize(2);
        assertThat(points.get(0).expected()).isEqualTo(1.0);
        assertThat(points.get(1).anomalous()).isTrue();
        assertThat(points.get(0).anomalous()).isFalse();
    }
}
