package com.shopstream.loadgen.bench;

import com.shopstream.common.ConnectionSettings;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Kafka Streams baseline ({@code streams-baseline.jar}) over the backlog the pipeline has
 * just drained: the same records, from the same first offsets to the same end offsets. It is what a
 * team would build instead (exactly_once_v2, deduplication by eventId and the order rollup in
 * RocksDB), so the pipeline's rate and CPU per event are put beside it, measured in the same run.
 * The baseline times itself from its first record and reports its own CPU over that span, so its JVM's
 * start-up does not count; the brokers' CPU is read here over the whole run.
 */
final class StreamsBaseline {

    /** What the baseline reported, and what its run cost the brokers. */
    record Result(long records, long duplicates, long invalid, double drainSeconds, double perSecond,
                  double ownCpuMicrosPerEvent, double kafkaCpuMicrosPerEvent) {

        double cpuMicrosPerEvent() {
            return ownCpuMicrosPerEvent + kafkaCpuMicrosPerEvent;
        }
    }

    private static final Duration AT_MOST = Duration.ofMinutes(15);

    private final Path jar;
    private final ConnectionSettings connections;
    private final Map<String, Long> kafkaProcesses;

    StreamsBaseline(Path jar, ConnectionSettings connections, Map<String, Long> kafkaProcesses) {
        this.jar = jar;
        this.connections = connections;
        this.kafkaProcesses = Map.copyOf(kafkaProcesses);
    }

    Result run(Map<Integer, Long> firstOffsets, Map<Integer, Long> endOffsets) throws IOException, InterruptedException {
        Path output = Files.createTempFile("streams-baseline", ".out");
        Path errors = Files.createTempFile("streams-baseline", ".err");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g"));
        // The same page size as the bench's own JVM and the stack's (infra/lib/common.sh, jvm_page_options).
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(argument -> argument.equals("-XX:+UseTransparentHugePages")).forEach(command::add);
        command.addAll(List.of("-jar", jar.toString(),
                "--bootstrap", connections.kafkaBootstrap(),
                "--jdbc-url", "jdbc:postgresql://" + connections.pgHost() + ":" + connections.pgPort() + "/" + connections.pgDatabase(),
                "--jdbc-user", connections.pgUser(),
                "--start-offsets", TopicOffsets.argument(firstOffsets),
                "--end-offsets", TopicOffsets.argument(endOffsets),
                // One stream thread per core, as the pipeline's parts may use every core.
                "--threads", Integer.toString(Runtime.getRuntime().availableProcessors()),
                // Its changelogs as durable as the stack's own topics (three brokers on the cluster topology).
                "--replication-factor", System.getenv().getOrDefault("SHOP_KAFKA_REPLICATION_FACTOR", "1"),
                "--timeout-seconds", Long.toString(AT_MOST.toSeconds())));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(errors.toFile());
        // The password goes through the environment, out of the process list.
        builder.environment().put("SHOP_PG_PASSWORD", connections.pgPassword());
        ProcessCpu kafka = new ProcessCpu(kafkaProcesses);
        Map<String, Double> kafkaBefore = kafka.seconds();
        Process process = builder.start();
        try {
            if (!process.waitFor(AT_MOST.toSeconds() + 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the Kafka Streams baseline did not finish within " + AT_MOST);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("the Kafka Streams baseline failed (exit " + process.exitValue() + "): "
                        + tail(errors));
            }
        } finally {
            process.destroyForcibly();
        }
        Map<String, Double> kafkaAfter = kafka.seconds();
        JsonObject report = new JsonObject(lastLine(output));
        Files.deleteIfExists(output);
        Files.deleteIfExists(errors);
        long records = report.getLong("records");
        double drainSeconds = report.getDouble("seconds") - report.getDouble("firstRecordSeconds");
        double kafkaSeconds = kafkaProcesses.keySet().stream()
                .mapToDouble(name -> kafkaAfter.get(name) - kafkaBefore.getOrDefault(name, 0.0)).sum();
        return new Result(records, report.getLong("duplicates"), report.getLong("invalid"), drainSeconds,
                records / drainSeconds, report.getDouble("cpuSeconds") * 1e6 / records, kafkaSeconds * 1e6 / records);
    }

    private static String lastLine(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("{")) {
                return lines.get(i);
            }
        }
        throw new IllegalStateException("the Kafka Streams baseline printed no report");
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }
}
