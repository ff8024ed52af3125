package com.shopstream.loadgen.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class PerformanceGoalsTest {

    @Test
    void aRunWithoutDrainOrProbesMeetsNothing() {
        List<PerformanceGoals.Goal> goals = PerformanceGoals.evaluate(new BenchReport());

        assertThat(goals).hasSize(7).allSatisfy(goal -> assertThat(goal.verdict()).isEqualTo("not measured"));
    }

    @Test
    void eachFigureIsJudgedAgainstItsTarget() {
        BenchReport report = new BenchReport();
        report.steps = List.of(new SustainedRateSearch.Step(80_000, 80_000, 80_000, 0, 0, true, "lag bounded", Map.of(), 1.9));
        report.sustainedRate = 80_000;
        report.probeRate = 40_000;
        report.drain = new BacklogDrain.Result(1_000_000, 300_000, 9.5, 105_000,
                Map.of("postgres", 12.0, "aggregator", 9.0), 1.9, Map.of(), Map.of());
        report.freshness = new FreshnessProbe.Result(histogram(200_000), histogram(300_000), 50, 0, 0);

        assertThat(PerformanceGoals.evaluate(report)).extracting(PerformanceGoals.Goal::verdict).containsExactly(
                "not met",       // 21 µs per event
                "met",           // 105,000 events/s draining
                "met",           // 80,000 events/s sustained
                "not measured",  // no API figures
                "not measured",
                "met",           // realtime freshness 200 ms
                "not met");      // timeseries freshness 300 ms
    }

    @Test
    void withNoRateSustainedThereIsNoHalfRateToProbeAt() {
        BenchReport report = new BenchReport();
        report.steps = List.of(new SustainedRateSearch.Step(8_000, 8_000, 6_000, 90_000, 40_000, false, "lag grows", Map.of(), 1.9));
        report.probeRate = 1;
        report.freshness = new FreshnessProbe.Result(histogram(100_000), histogram(100_000), 50, 0, 0);

        assertThat(PerformanceGoals.evaluate(report)).filteredOn(goal -> goal.name().startsWith("freshness"))
                .extracting(PerformanceGoals.Goal::verdict).containsOnly("not measured");
    }

    /** Latencies in microseconds, all the same. */
    private static Histogram histogram(long micros) {
        Histogram histogram = new Histogram(3);
        for (int i = 0; i < 100; i++) {
            histogram.recordValue(micros);
        }
        return histogram;
    }
}
