package com.shopstream.loadgen.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The run's figures against the performance goals the product has set itself (docs/performance.md,
 * "The fourth push"): CPU per event while draining, drain and sustained rates, freshness, and the
 * query tail while ingesting.
 * A goal that this run did not measure is reported as such, never as met.
 */
final class PerformanceGoals {

    static final double DRAIN_CPU_MICROS = 20;
    static final double DRAIN_RATE = 100_000;
    static final double SUSTAINED_RATE = 70_000;
    static final double REALTIME_P99_MILLIS = 10;
    static final double TIMESERIES_P99_MILLIS = 50;
    static final double FRESHNESS_P99_MILLIS = 250;

    /** One goal: {@code measured} is empty when the run did not measure it. */
    record Goal(String name, String target, Optional<String> measured, boolean met) {

        String verdict() {
            return measured.isEmpty() ? "not measured" : met ? "met" : "not met";
        }
    }

    private PerformanceGoals() {
    }

    static List<Goal> evaluate(BenchReport report) {
        List<Goal> goals = new ArrayList<>();
        if (report.drain != null) {
            double cpu = report.drain.cpuMicrosPerEvent().values().stream().mapToDouble(Double::doubleValue).sum();
            goals.add(atMost("CPU per event stored, all processes, draining a backlog", DRAIN_CPU_MICROS, cpu, "%.1f µs"));
            goals.add(atLeast("backlog drain", DRAIN_RATE, report.drain.storedPerSecond(), "%,.0f events/s"));
        } else {
            goals.add(unmeasured("CPU per event stored, all processes, draining a backlog", DRAIN_CPU_MICROS, "%.1f µs"));
            goals.add(unmeasured("backlog drain", DRAIN_RATE, "%,.0f events/s"));
        }
        goals.add(report.steps.isEmpty() ? unmeasured("sustained rate, load generator on the same cores", SUSTAINED_RATE, "%,.0f events/s")
                : atLeast("sustained rate, load generator on the same cores", SUSTAINED_RATE, report.sustainedRate, "%,.0f events/s"));
        // The goals hold at half the sustained rate; with no rate sustained there is nothing to halve.
        boolean probed = report.probeRateGiven || report.sustainedRate > 0;
        String at = String.format(Locale.ROOT, ", at %,d events/s%s", report.probeRate,
                report.probeRateGiven ? " (the rate asked for, not half the sustained rate)" : "");
        goals.add(probed ? apiTail("realtime API p99, worst endpoint" + at, REALTIME_P99_MILLIS, report, name -> name.startsWith("realtime"))
                : unmeasured("realtime API p99, worst endpoint", REALTIME_P99_MILLIS, "%,.1f ms"));
        goals.add(probed ? apiTail("timeseries API p99, worst endpoint" + at, TIMESERIES_P99_MILLIS, report, name -> name.startsWith("timeseries"))
                : unmeasured("timeseries API p99, worst endpoint", TIMESERIES_P99_MILLIS, "%,.1f ms"));
        if (probed && report.freshness != null) {
            goals.add(atMost("freshness p99, realtime" + at, FRESHNESS_P99_MILLIS,
                    report.freshness.realtime().getValueAtPercentile(99) / 1000.0, "%,.0f ms"));
            goals.add(atMost("freshness p99, timeseries" + at, FRESHNESS_P99_MILLIS,
                    report.freshness.timeseries().getValueAtPercentile(99) / 1000.0, "%,.0f ms"));
        } else {
            goals.add(unmeasured("freshness p99, realtime", FRESHNESS_P99_MILLIS, "%,.0f ms"));
            goals.add(unmeasured("freshness p99, timeseries", FRESHNESS_P99_MILLIS, "%,.0f ms"));
        }
        return goals;
    }

    private static Goal apiTail(String name, double targetMillis, BenchReport report, Predicate<String> endpoints) {
        return report.api.stream().filter(r -> endpoints.test(r.endpoint().name()))
                .mapToDouble(r -> r.p99Micros() / 1000.0).max()
                .stream().mapToObj(p99 -> atMost(name, targetMillis, p99, "%,.1f ms")).findFirst()
                .orElseGet(() -> unmeasured(name, targetMillis, "%,.1f ms"));
    }

    private static Goal atMost(String name, double target, double measured, String format) {
        return new Goal(name, "≤ " + String.format(Locale.ROOT, format, target),
                Optional.of(String.format(Locale.ROOT, format, measured)), measured <= target);
    }

    private static Goal atLeast(String name, double target, double measured, String format) {
        return new Goal(name, "≥ " + String.format(Locale.ROOT, format, target),
                Optional.of(String.format(Locale.ROOT, format, measured)), measured >= target);
    }

    private static Goal unmeasured(String name, double target, String format) {
        return new Goal(name, String.format(Locale.ROOT, format, target), Optional.empty(), false);
    }
}
