package com.shopstream.loadgen.bench;

import com.shopstream.loadgen.cli.ApiClient;
import com.shopstream.loadgen.load.LoadRunner;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Finds the highest rate the pipeline sustains: runs the load at a rate for a step (60 s by
 * default) while sampling the pipeline's progress every second, judges whether the consumer lag
 * stayed bounded, lets the backlog drain, and doubles the rate until a step fails, then bisects
 * between the last rate that held and the first that did not. The first step comes after a
 * warm-up at its rate: on a stack minutes old the services' compilers would otherwise spend a
 * good part of that step's CPU, counted in its CPU per event.
 */
final class SustainedRateSearch {

    private static final Duration WARM_UP = Duration.ofSeconds(60);

    /** One second of the search: what the generator sent and the aggregator stored in it, and the lag at its end. */
    record Sample(double second, int targetRate, double sentPerSecond, double storedPerSecond, long lag) {
    }

    /**
     * The outcome of one rate, with the CPU each process spent per event stored over the step and its
     * drain, and the cores they used together meanwhile.
     */
    record Step(int targetRate, double sentPerSecond, double storedPerSecond, long lagAtEnd, long lagGrowth,
                boolean bounded, String verdict, Map<String, Double> cpuMicrosPerEvent, double coresUsed) {
    }

    private final ApiClient api;
    private final LoadRunner runner;
    private final PrintWriter out;
    private final ProcessCpu cpu;
    private final List<Sample> samples = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-load"));

    SustainedRateSearch(ApiClient api, LoadRunner runner, ProcessCpu cpu, PrintWriter out) {
        this.api = api;
        this.runner = runner;
        this.cpu = cpu;
        this.out = out;
    }

    List<Step> search(int startRate, int maxRate, Duration stepDuration, int bisections) throws Exception {
        List<Step> steps = new ArrayList<>();
        int rate = startRate;
        Step lastHeld = null;
        Step firstFailed = null;
        warmUp(startRate);
        while (rate <= maxRate) {
            Step step = step(rate, stepDuration);
            steps.add(step);
            if (!step.bounded()) {
                firstFailed = step;
                break;
            }
            lastHeld = step;
            rate *= 2;
        }
        for (int i = 0; i < bisections && lastHeld != null && firstFailed != null; i++) {
            int middle = (lastHeld.targetRate() + firstFailed.targetRate()) / 2;
            if (firstFailed.targetRate() - lastHeld.targetRate() < startRate / 2) {
                break;
            }
            Step step = step(middle, stepDuration);
            steps.add(step);
            if (step.bounded()) {
                lastHeld = step;
            } else {
                firstFailed = step;
            }
        }
        executor.shutdown();
        return steps;
    }

    List<Sample> samples() {
        return samples;
    }

    private void warmUp(int rate) throws Exception {
        out.printf("  warm-up: %,d events/s for %ds ... ", rate, WARM_UP.toSeconds());
        out.flush();
        runner.run(rate, WARM_UP, nanos -> { });
        runner.flush(Duration.ofSeconds(30));
        drain(rate);
        out.println("stored");
        out.flush();
    }

    private Step step(int rate, Duration duration) throws Exception {
        out.printf("  step: %,d events/s for %ds ... ", rate, duration.toSeconds());
        out.flush();
        long sentBefore = runner.sent();
        JsonObject first = api.get("/v1/pipeline/status");
        Map<String, Double> cpuBefore = cpu.seconds();
        long stepStarted = System.nanoTime();
        long[] sendingNanos = new long[1];
        Future<?> load = executor.submit(() -> {
            long started = System.nanoTime();
            runner.run(rate, duration, nanos -> { });
            sendingNanos[0] = System.nanoTime() - started;
            runner.flush(Duration.ofSeconds(30));
            return null;
        });
        List<Sample> during = new ArrayList<>();
        JsonObject previous = first;
        long previousSent = runner.sent();
        long previousAt = System.nanoTime();
        while (!load.isDone()) {
            TimeUnit.MILLISECONDS.sleep(1000 - (System.nanoTime() - previousAt) / 1_000_000 % 1000);
            JsonObject status = api.get("/v1/pipeline/status");
            long now = System.nanoTime();
            long sent = runner.sent();
            double seconds = (now - previousAt) / 1e9;
            Sample sample = new Sample((now - startNanos) / 1e9, rate, (sent - previousSent) / seconds,
                    (status.getLong("eventsStored") - previous.getLong("eventsStored")) / seconds, lag(status));
            during.add(sample);
            samples.add(sample);
            previous = status;
            previousSent = sent;
            previousAt = now;
        }
        load.get();
        double sentPerSecond = (runner.sent() - sentBefore) / (sendingNanos[0] / 1e9);
        Verdict verdict = judge(rate, sentPerSecond, during);
        out.printf("sent %,.0f/s, stored %,.0f/s, lag at end %,d: %s%n", sentPerSecond, verdict.storedPerSecond(),
                verdict.lagAtEnd(), verdict.text());
        out.flush();
        long stored = drain(rate) - first.getLong("eventsStored");
        Map<String, Double> cpuAfter = cpu.seconds();
        double cpuSeconds = cpuAfter.values().stream().mapToDouble(Double::doubleValue).sum()
                - cpuBefore.values().stream().mapToDouble(Double::doubleValue).sum();
        return new Step(rate, sentPerSecond, verdict.storedPerSecond(), verdict.lagAtEnd(), verdict.lagGrowth(),
                verdict.bounded(), verdict.text(), ProcessCpu.microsPerEvent(cpuBefore, cpuAfter, stored),
                cpuSeconds / ((System.nanoTime() - stepStarted) / 1e9));
    }

    /**
     * Bounded: the lag at the end is at most two seconds of traffic and did not grow by more than one
     * second of traffic over the second half. A step whose generator fell 5% short of the rate does not count.
     */
    private static Verdict judge(int rate, double sent, List<Sample> during) {
        double stored = during.stream().mapToDouble(Sample::storedPerSecond).sum() / Math.max(1, during.size());
        long lagAtEnd = during.isEmpty() ? 0 : during.get(during.size() - 1).lag();
        long lagAtMiddle = during.isEmpty() ? 0 : during.get(during.size() / 2).lag();
        long growth = lagAtEnd - lagAtMiddle;
        boolean generatorShort = sent < rate * 0.95;
        boolean bounded = !generatorShort && lagAtEnd <= 2L * rate && growth <= rate;
        String verdict = generatorShort ? "the load generator could not send this fast"
                : bounded ? "lag bounded" : "lag grows";
        return new Verdict(stored, lagAtEnd, growth, bounded, verdict);
    }

    private record Verdict(double storedPerSecond, long lagAtEnd, long lagGrowth, boolean bounded, String text) {
    }

    /** Waits until the backlog is stored; returns the events stored by then. */
    private long drain(int rate) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        JsonObject previous = api.get("/v1/pipeline/status");
        long previousAt = System.nanoTime();
        while (lag(previous) > 0 && System.nanoTime() < deadline) {
            TimeUnit.SECONDS.sleep(1);
            JsonObject status = api.get("/v1/pipeline/status");
            long now = System.nanoTime();
            double seconds = (now - previousAt) / 1e9;
            samples.add(new Sample((now - startNanos) / 1e9, 0, 0,
                    (status.getLong("eventsStored") - previous.getLong("eventsStored")) / seconds, lag(status)));
            previous = status;
            previousAt = now;
        }
        if (lag(previous) > 0) {
            throw new IllegalStateException("the backlog of the " + rate + "/s step did not drain within 5 minutes");
        }
        return previous.getLong("eventsStored");
    }

    private static long lag(JsonObject status) {
        Long lag = status.getLong("consumerLag");
        return lag == null ? Long.MAX_VALUE : lag;
    }
}
