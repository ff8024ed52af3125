package com.shopstream.loadgen.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The chaos run's results as a Markdown table: one row per fault, and the run's settings above it. */
final class ChaosTable {

    private static final String HEADER = "| fault | injected after | outage | lag back | acknowledged | send failures | lost | double-counted | checks failed | result |\n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|";

    private ChaosTable() {
    }

    static String render(List<ChaosRound.Outcome> outcomes, long seed, int rate, Duration roundDuration, Instant started) {
        StringBuilder table = new StringBuilder();
        table.append("# Chaos run ").append(started).append("\n\n")
                .append("Seed ").append(seed).append(", ").append(String.format("%,d", rate)).append(" events/s, ")
                .append(roundDuration.toSeconds()).append(" s per round, each round verified against its ground truth. ")
                .append("Outage: from the fault until the component answered its clients again. Lag back: from the fault until the ")
                .append("consumer lag was back to its level before it.\n\n")
                .append(HEADER).append('\n');
        outcomes.forEach(outcome -> table.append(row(outcome)).append('\n'));
        long passed = outcomes.stream().filter(ChaosRound.Outcome::passed).count();
        table.append('\n').append(passed).append(" of ").append(outcomes.size()).append(" rounds passed.\n");
        return table.toString();
    }

    static String row(ChaosRound.Outcome o) {
        return String.format("| %s | %s | %s | %s | %,d | %,d | %,d | %,d | %d | %s |", o.fault().label(), seconds(o.injectedAfter()),
                seconds(o.outage()), seconds(o.lagRecovered()), o.acknowledged(), o.failedSends(), o.lost(), o.doubleCounted(),
                o.checksFailed(), o.passed() ? "pass" : o.error() == null ? "FAIL" : "FAIL: " + o.error());
    }

    private static String seconds(Duration duration) {
        return duration == null ? "never" : String.format("%.1f s", duration.toMillis() / 1000.0);
    }
}
