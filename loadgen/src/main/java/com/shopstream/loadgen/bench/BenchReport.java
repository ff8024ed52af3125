package com.shopstream.loadgen.bench;

import com.shopstream.loadgen.cli.StackProcesses;
import com.shopstream.loadgen.load.LagWatch;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The benchmark's findings, written as Markdown for people and JSON for tools, beside the chart. */
final class BenchReport {

    final Instant startedAt = Instant.now();
    final JsonObject machine = new JsonObject();
    final List<LimitsBenchmark.Result> limits = new ArrayList<>();
    List<SustainedRateSearch.Step> steps = List.of();
    List<SustainedRateSearch.Sample> samples = List.of();
    int sustainedRate;
    /** The rate while freshness and query-api latency are measured: half the sustained rate unless told. */
    int probeRate;
    boolean probeRateGiven;
    /** The highest consumer lag while the API was loaded, and the status reads that failed meanwhile. */
    long apiMaxLag;
    long apiLagReadsFailed;
    BacklogDrain.Result drain;
    /** What PostgreSQL ran besides the batches during the drain and while freshness was probed. */
    BackgroundWork.Overlap drainBackground;
    BackgroundWork.Overlap freshnessBackground;
    /** The Kafka Streams baseline over the drain's backlog, or why it did not run. */
    StreamsBaseline.Result streams;
    String streamsSkipped = "";
    FreshnessProbe.Result freshness;
    List<ApiLatencyBenchmark.Result> api = List.of();
    int apiClients;
    Map<String, Long> memoryKiB = Map.of();

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.json"), toJson().encodePrettily());
        Files.writeString(dir.resolve("report.md"), toMarkdown());
        Files.writeString(dir.resolve("throughput-and-lag.svg"), SvgChart.throughputAndLag(samples));
    }

    JsonObject toJson() {
        JsonArray limitList = new JsonArray();
        limits.forEach(l -> limitList.add(new JsonObject().put("name", l.name()).put("items", l.items())
                .put("seconds", l.seconds()).put("perSecond", l.perSecond()).put("unit", l.unit()).put("note", l.note())));
        JsonArray stepList = new JsonArray();
        steps.forEach(s -> stepList.add(new JsonObject().put("targetRate", s.targetRate()).put("sentPerSecond", s.sentPerSecond())
                .put("storedPerSecond", s.storedPerSecond()).put("lagAtEnd", s.lagAtEnd()).put("lagGrowth", s.lagGrowth())
                .put("bounded", s.bounded()).put("verdict", s.verdict())
                .put("cpuMicrosPerEvent", new JsonObject(new LinkedHashMap<>(s.cpuMicrosPerEvent()))).put("coresUsed", s.coresUsed())));
        JsonArray sampleList = new JsonArray();
        samples.forEach(s -> sampleList.add(new JsonArray().add(s.second()).add(s.targetRate()).add(s.sentPerSecond())
                .add(s.storedPerSecond()).add(s.lag())));
        JsonArray apiList = new JsonArray();
        api.forEach(r -> apiList.add(new JsonObject().put("endpoint", r.endpoint().name()).put("path", r.endpoint().path())
                .put("requests", r.requests()).put("perSecond", r.perSecond()).put("p50Millis", r.p50Micros() / 1000.0)
                .put("p99Millis", r.p99Micros() / 1000.0).put("maxMillis", r.maxMicros() / 1000.0).put("errors", r.errors())
                .put("background", background(r.background()))));
        JsonObject memory = new JsonObject();
        memoryKiB.forEach((name, kib) -> memory.put(name, kib / 1024.0));
        JsonObject json = new JsonObject()
                .put("startedAt", startedAt.toString())
                .put("machine", machine)
                .put("limits", limitList)
                .put("sustainedRate", sustainedRate)
                .put("steps", stepList)
                .put("samples", new JsonObject().put("columns", new JsonArray(List.of("second", "targetRate", "sentPerSecond",
                        "storedPerSecond", "lag"))).put("rows", sampleList))
                .put("ratios", ratios())
                .put("apiClients", apiClients)
                .put("api", apiList)
                .put("apiMaxConsumerLag", apiMaxLag)
                .put("peakMemoryMiB", memory);
        if (drain != null) {
            json.put("backlogDrain", new JsonObject().put("events", drain.events()).put("producedPerSecond", drain.producedPerSecond())
                    .put("seconds", drain.drainSeconds()).put("storedPerSecond", drain.storedPerSecond())
                    .put("cpuMicrosPerEvent", new JsonObject(new LinkedHashMap<>(drain.cpuMicrosPerEvent())))
                    .put("coresUsed", drain.coresUsed()).put("background", background(drainBackground)));
        }
        if (streams != null) {
            json.put("streamsBaseline", new JsonObject().put("records", streams.records()).put("duplicates", streams.duplicates())
                    .put("invalid", streams.invalid()).put("seconds", streams.drainSeconds()).put("perSecond", streams.perSecond())
                    .put("ownCpuMicrosPerEvent", streams.ownCpuMicrosPerEvent())
                    .put("kafkaCpuMicrosPerEvent", streams.kafkaCpuMicrosPerEvent()));
        }
        JsonArray goalList = new JsonArray();
        PerformanceGoals.evaluate(this).forEach(g -> goalList.add(new JsonObject().put("goal", g.name()).put("target", g.target())
                .put("measured", g.measured().orElse(null)).put("verdict", g.verdict())));
        json.put("goals", goalList);
        if (freshness != null) {
            json.put("freshness", new JsonObject().put("rate", probeRate).put("probes", freshness.probes())
                    .put("realtime", latency(freshness.realtime()).put("missed", freshness.missedRealtime())
                            .put("pollMillis", FreshnessProbe.REALTIME_POLL.toMillis()))
                    .put("timeseries", latency(freshness.timeseries()).put("missed", freshness.missedTimeseries())
                            .put("pollMillis", FreshnessProbe.TIMESERIES_POLL.toMillis()))
                    .put("background", background(freshnessBackground)));
        }
        return json;
    }

    private static JsonObject background(BackgroundWork.Overlap overlap) {
        return overlap == null ? null : new JsonObject().put("samples", overlap.samples()).put("viewRefresh", overlap.viewRefresh())
                .put("vacuum", overlap.vacuum()).put("analyze", overlap.analyze()).put("checkpoints", overlap.checkpoints());
    }

    /** The pipeline's sustained rate as a share of each part's own limit. */
    JsonObject ratios() {
        JsonObject ratios = new JsonObject();
        for (LimitsBenchmark.Result limit : limits) {
            ratios.put(limit.name(), sustainedRate / limit.perSecond());
        }
        return ratios;
    }

    String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Pipeline benchmark, ").append(startedAt).append("\n\n");
        md.append("Machine: ").append(machine.getString("description", "")).append("\n\n");
        md.append(goalsTable());
        md.append("## 1. Limits of the parts\n\n| part | throughput | measured over | note |\n|---|---:|---:|---|\n");
        for (LimitsBenchmark.Result l : limits) {
            md.append(String.format(Locale.ROOT, "| %s | %,.0f %s/s | %,d %s in %.2f s | %s |%n",
                    l.name(), l.perSecond(), l.unit(), l.items(), l.unit(), l.seconds(), l.note()));
        }
        md.append("\n## 2. The pipeline\n\n### Highest sustained rate\n\n");
        md.append(String.format(Locale.ROOT, "**%,d events/s** with the consumer lag bounded (Kafka in, PostgreSQL and Redis out, "
                + "exactly once).%n%n", sustainedRate));
        md.append("| target rate | sent | stored | lag at end | lag growth, 2nd half | verdict |\n|---:|---:|---:|---:|---:|---|\n");
        for (SustainedRateSearch.Step s : steps) {
            md.append(String.format(Locale.ROOT, "| %,d | %,.0f/s | %,.0f/s | %,d | %,d | %s |%n", s.targetRate(),
                    s.sentPerSecond(), s.storedPerSecond(), s.lagAtEnd(), s.lagGrowth(), s.verdict()));
        }
        md.append("\n![throughput and lag](throughput-and-lag.svg)\n");
        md.append(cpuTable());
        if (drain != null) {
            md.append(String.format(Locale.ROOT, "%n### Backlog drain: the pipeline with the cores to itself%n%n"
                            + "With the aggregator paused, %,d events were produced into Kafka (%,.0f/s); resumed, it stored them in "
                            + "%.1f s: **%,.0f events/s**, the load generator idle meanwhile (%.2f cores used).%n",
                    drain.events(), drain.producedPerSecond(), drain.drainSeconds(), drain.storedPerSecond(), drain.coresUsed()));
            md.append(backgroundLine("the drain", drainBackground));
            md.append(streamsComparison());
        }
        if (freshness != null) {
            md.append(String.format(Locale.ROOT, "%n### Freshness at %,d events/s (%s)%n%n", probeRate,
                    probeRateGiven ? "the rate asked for" : "half the sustained rate"));
            md.append("From producing an event to seeing it in the API, ").append(freshness.probes())
                    .append(" probes after ").append(FreshnessProbe.WARM_UP.toSeconds()).append(" s of probes not counted (the probing's own warm-up).\n\n| visible in | p50 | p99 | max | missed | poll interval |\n|---|---:|---:|---:|---:|---:|\n");
            md.append(latencyRow("realtime API", freshness.realtime(), freshness.missedRealtime(), FreshnessProbe.REALTIME_POLL.toMillis()));
            md.append(latencyRow("timeseries", freshness.timeseries(), freshness.missedTimeseries(), FreshnessProbe.TIMESERIES_POLL.toMillis()));
            md.append(backgroundLine("the probes", freshnessBackground));
        }
        md.append(String.format(Locale.ROOT, "%n### Query API under %d concurrent clients (wrk, one endpoint at a time, each warmed up "
                + "before the pipeline ran and for %d s under this load), while events flow at %,d/s%n%n", apiClients,
                ApiLatencyBenchmark.WARM_UP.toSeconds(), probeRate));
        md.append("| endpoint | requests/s | p50 | p99 | max | errors | query-api's own time, p50 / p99 | background work |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (ApiLatencyBenchmark.Result r : api) {
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %s | %s | %d | %s | %s |%n", r.endpoint().name(), r.perSecond(),
                    ms(r.p50Micros()), ms(r.p99Micros()), ms(r.maxMicros()), r.errors(), serverTime(r.server()),
                    r.background() == null ? "–" : r.background().describe()));
        }
        md.append("\nBackground work is what PostgreSQL ran besides the batches, as a share of the time (sampled every "
                + BackgroundWork.INTERVAL.toMillis() + " ms): the aggregator's view refreshes and folds, autovacuum "
                + "vacuuming or only analyzing a table, and the checkpoints that completed.\n");
        md.append("\nwrk's figures are from request sent to response read; query-api's own are from its response-time histogram over the "
                + "same requests (headers read to response written, each quantile as the upper bound of its bucket). The difference is "
                + "time a request waited for a core, in wrk or in query-api, or in the kernel.\n");
        md.append(String.format(Locale.ROOT, "%nMeanwhile the consumer lag reached at most %,d events (%.1f s of traffic; status read every %d ms, "
                + "%d reads failed).%n", apiMaxLag, apiMaxLag / (double) probeRate, LagWatch.INTERVAL.toMillis(), apiLagReadsFailed));
        md.append("\n## 3. The pipeline against the limits\n\n| part | pipeline's sustained rate as a share of it |\n|---|---:|\n");
        ratios().forEach(e -> md.append(String.format(Locale.ROOT, "| %s | %.1f%% |%n", e.getKey(), 100 * (Double) e.getValue())));
        md.append("\n## Peak memory of each process (resident: private memory of each process of its tree, shared memory and files once)"
                + "\n\n| process | peak |\n|---|---:|\n");
        memoryKiB.forEach((name, kib) -> md.append(String.format(Locale.ROOT, "| %s | %,.0f MiB |%n", name, kib / 1024.0)));
        return md.toString();
    }

    private static String backgroundLine(String phase, BackgroundWork.Overlap overlap) {
        return overlap == null ? "" : String.format(Locale.ROOT, "%nBackground work in PostgreSQL during %s (share of the time, sampled every %d ms): %s.%n",
                phase, BackgroundWork.INTERVAL.toMillis(), overlap.describe());
    }

    private static String serverTime(ServerLatency server) {
        return server == null ? "–" : "≤ " + ms(server.p50UpToMicros()) + " / ≤ " + ms(server.p99UpToMicros());
    }

    private String goalsTable() {
        StringBuilder md = new StringBuilder("## Against the goals\n\n| goal | target | this run | |\n|---|---:|---:|---|\n");
        for (PerformanceGoals.Goal goal : PerformanceGoals.evaluate(this)) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", goal.name(), goal.target(),
                    goal.measured().orElse("–"), goal.verdict()));
        }
        return md.append('\n').toString();
    }

    /** The drain beside the Kafka Streams baseline over the same records. */
    private String streamsComparison() {
        if (streams == null) {
            return String.format(Locale.ROOT, "%nThe Kafka Streams baseline did not run: %s.%n", streamsSkipped);
        }
        double kafka = drain.cpuMicrosPerEvent().entrySet().stream()
                .filter(e -> StackProcesses.kindOf(e.getKey()).equals("kafka")).mapToDouble(Map.Entry::getValue).sum();
        double all = drain.cpuMicrosPerEvent().entrySet().stream()
                .filter(e -> !e.getKey().equals(ProcessCpu.LOAD_GENERATOR)).mapToDouble(Map.Entry::getValue).sum();
        return String.format(Locale.ROOT, "%n#### The same backlog through Kafka Streams%n%n"
                        + "The baseline (`streams-baseline`, Kafka Streams with `exactly_once_v2`, a stream thread per core) deduplicates every event by eventId "
                        + "in RocksDB and rolls orders up per minute, category and region; it stores no raw events, no funnel, "
                        + "affinities or fraud flags, and serves no queries. It read the same %,d records (%,d duplicates, %,d invalid), "
                        + "the pipeline idle meanwhile. The load generator's CPU is left out of both rows.%n%n"
                        + "| | events/s | CPU per event: the consumer and its stores | Kafka | all |%n|---|---:|---:|---:|---:|%n"
                        + "| this pipeline | %,.0f | %.1f µs | %.1f µs | %.1f µs |%n"
                        + "| Kafka Streams baseline | %,.0f | %.1f µs | %.1f µs | %.1f µs |%n",
                streams.records(), streams.duplicates(), streams.invalid(),
                drain.storedPerSecond(), all - kafka, kafka, all,
                streams.perSecond(), streams.ownCpuMicrosPerEvent(), streams.kafkaCpuMicrosPerEvent(), streams.cpuMicrosPerEvent());
    }

    /** CPU per event stored, by process and step: what the throughput costs, and where, on cores the parts share. */
    private String cpuTable() {
        if (steps.isEmpty()) {
            return "";
        }
        List<String> processes = List.copyOf(steps.get(0).cpuMicrosPerEvent().keySet());
        StringBuilder md = new StringBuilder("\n### CPU per event stored (µs), over each step and its drain\n\n| target rate |");
        processes.forEach(p -> md.append(' ').append(p).append(" |"));
        md.append(" all | cores used |\n|---:|").append("---:|".repeat(processes.size() + 2)).append('\n');
        for (SustainedRateSearch.Step s : steps) {
            cpuRow(md, String.format(Locale.ROOT, "%,d", s.targetRate()), processes, s.cpuMicrosPerEvent(), s.coresUsed());
        }
        if (drain != null) {
            cpuRow(md, "backlog drain", processes, drain.cpuMicrosPerEvent(), drain.coresUsed());
        }
        return md.toString();
    }

    private static void cpuRow(StringBuilder md, String label, List<String> processes, Map<String, Double> micros, double cores) {
        md.append("| ").append(label).append(" |");
        processes.forEach(p -> md.append(String.format(Locale.ROOT, " %.1f |", micros.getOrDefault(p, 0.0))));
        md.append(String.format(Locale.ROOT, " %.1f | %.2f |%n", micros.values().stream().mapToDouble(Double::doubleValue).sum(), cores));
    }

    private static String latencyRow(String name, Histogram h, int missed, long pollMillis) {
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %d ms |%n", name, ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()), missed, pollMillis);
    }

    private static JsonObject latency(Histogram h) {
        return new JsonObject().put("count", h.getTotalCount()).put("p50Millis", h.getValueAtPercentile(50) / 1000.0)
                .put("p99Millis", h.getValueAtPercentile(99) / 1000.0).put("maxMillis", h.getMaxValue() / 1000.0);
    }

    static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }
}
