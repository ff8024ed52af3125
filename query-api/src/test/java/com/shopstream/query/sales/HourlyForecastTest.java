package com.shopstream.query.sales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HourlyForecastTest {

    private static final Instant NOW = Instant.parse("2026-11-28T00:00:00Z");

    /** Ten days of a daily cycle: 10 at even hours, 30 at odd ones (mean 20). */
    private static Map<Instant, Double> cycle() {
        Map<Instant, Double> values = new HashMap<>();
        for (int h = 1; h <= 240; h++) {
            Instant bucket = NOW.minus(Duration.ofHours(h));
            values.put(bucket, bucket.atZone(ZoneOffset.UTC).getHour() % 2 == 0 ? 10.0 : 30.0);
        }
        return values;
    }

    @Test
    @DisplayName("Each hour blends the same hour of the last day with the 24-hour mean")
    void forecast() {
        List<HourlyForecast.Point> points = new HourlyForecast(cycle()).forecast(NOW, 26);

        assertThat(points).hasSize(26);
        assertThat(points.get(0).value()).isEqualTo((10 + 20) / 2.0);
        assertThat(points.get(1).value()).isEqualTo((30 + 20) / 2.0);
        assertThat(points.get(25).value()).isEqualTo((30 + 20) / 2.0);
    }

    @Test
    @DisplayName("The backtest replays seven daily origins; on a perfect cycle the seasonal naive part is exact")
    void backtest() {
        HourlyForecast.Backtest backtest = new HourlyForecast(cycle()).backtest(NOW, 24, NOW.minus(Duration.ofDays(10)));

        assertThat(backtest.origins()).isEqualTo(7);
        assertThat(backtest.points()).isEqualTo(7 * 24);
        assertThat(backtest.seasonalNaiveMae()).isZero();
        assertThat(backtest.movingAverageMae()).isEqualTo(10.0);
        assertThat(backtest.mae()).isEqualTo(5.0);
        assertThat(backtest.mape()).isCloseTo(100 * (0.5 + 5.0 / 30) / 2, within(1e-9));
    }

    @Test
    @DisplayName("No data, no backtest")
    void empty() {
        assertThat(new HourlyForecast(Map.of()).backtest(NOW, 24, null).origins()).isZero();
    }
}
