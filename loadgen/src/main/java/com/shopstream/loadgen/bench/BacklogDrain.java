package com.shopstream.loadgen.bench;

import com.shopstream.loadgen.cli.ApiClient;
import com.shopstream.loadgen.load.KafkaSink;
import com.shopstream.loadgen.load.ShopperSimulator;
import com.shopstream.loadgen.verify.Verifier;
import com.shopstream.contract.ShopEvent;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline's own ceiling on this machine: the aggregator is paused (SIGSTOP), a backlog of
 * events is produced into Kafka as fast as the producer goes, then the aggregator is resumed and
 * timed until it has stored the backlog. While it drains, the load generator is idle, so unlike the
 * sustained-rate steps the pipeline has the cores to itself. Pausing the process rather than
 * stopping it keeps its JIT-compiled code and its connections, so the drain starts warm.
 */
final class BacklogDrain {

    /**
     * How the backlog was made and how fast it drained, with the CPU each process spent per event
     * meanwhile; the backlog lies in each partition from its first offset up to its end offset.
     */
    record Result(long events, double producedPerSecond, double drainSeconds, double storedPerSecond,
                  Map<String, Double> cpuMicrosPerEvent, double coresUsed,
                  Map<Integer, Long> firstOffsets, Map<Integer, Long> endOffsets) {
    }

    private static final int CHUNK = 1000;
    private static final Duration POLL = Duration.ofMillis(250);

    private final ApiClient api;
    private final ProcessCpu cpu;
    private final List<Long> aggregatorPids;
    private final String kafkaBootstrap;

    /** {@code aggregatorPids}: every aggregator instance, all paused while the backlog is produced. */
    BacklogDrain(ApiClient api, ProcessCpu cpu, List<Long> aggregatorPids, String kafkaBootstrap) {
        this.api = api;
        this.cpu = cpu;
        this.kafkaBootstrap = kafkaBootstrap;
        this.aggregatorPids = List.copyOf(aggregatorPids);
    }

    Result measure(ShopperSimulator shoppers, KafkaSink sink, long events, Duration atMost) throws Exception {
        Verifier.awaitCaughtUp(api, Duration.ofMinutes(5));
        long storedBefore = api.get("/v1/pipeline/status").getLong("eventsStored");
        double produceSeconds;
        long produced;
        Map<Integer, Long> firstOffsets;
        Map<Integer, Long> endOffsets;
        signal("STOP");
        try {
            firstOffsets = TopicOffsets.latest(kafkaBootstrap);
            long produceStarted = System.nanoTime();
            produced = produce(shoppers, sink, events);
            produceSeconds = (System.nanoTime() - produceStarted) / 1e9;
            endOffsets = TopicOffsets.latest(kafkaBootstrap);
        } finally {
            signal("CONT");
        }
        Map<String, Double> cpuBefore = cpu.seconds();
        long drainStarted = System.nanoTime();
        long deadline = drainStarted + atMost.toNanos();
        while (!drained(storedBefore + produced)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the backlog of " + produced + " events did not drain within " + atMost);
            }
            TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
        }
        double drainSeconds = (System.nanoTime() - drainStarted) / 1e9;
        Map<String, Double> cpuAfter = cpu.seconds();
        double cpuSeconds = cpuAfter.entrySet().stream().mapToDouble(e -> e.getValue() - cpuBefore.getOrDefault(e.getKey(), 0.0)).sum();
        return new Result(produced, produced / produceSeconds, drainSeconds, produced / drainSeconds,
                ProcessCpu.microsPerEvent(cpuBefore, cpuAfter, produced), cpuSeconds / drainSeconds, firstOffsets, endOffsets);
    }

    private static long produce(ShopperSimulator shoppers, KafkaSink sink, long events) {
        long sent = 0;
        while (sent < events) {
            int n = (int) Math.min(CHUNK, events - sent);
            Instant now = Instant.now();
            List<ShopEvent> chunk = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                chunk.add(shoppers.next(now));
            }
            sink.send(chunk);
            sent += n;
        }
        sink.flush(Duration.ofMinutes(2));
        if (sink.deliveries().failed() > 0) {
            throw new IllegalStateException("Kafka refused " + sink.deliveries().failed() + " backlog events: "
                    + sink.deliveries().lastError());
        }
        return sent;
    }

    /** True once the pipeline has stored at least {@code stored} events in all and has no lag, by one status read. */
    private boolean drained(long stored) throws IOException, InterruptedException {
        JsonObject status = api.get("/v1/pipeline/status");
        return status.getLong("eventsStored") >= stored && Long.valueOf(0).equals(status.getLong("consumerLag"));
    }

    private void signal(String signal) throws IOException, InterruptedException {
        for (long pid : aggregatorPids) {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        }
    }
}
