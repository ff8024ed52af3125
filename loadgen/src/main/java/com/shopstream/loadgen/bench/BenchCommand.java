package com.shopstream.loadgen.bench;

import com.shopstream.loadgen.cli.ApiClient;
import com.shopstream.loadgen.cli.DurationConverter;
import com.shopstream.loadgen.cli.SeedOption;
import com.shopstream.loadgen.cli.StackAccess;
import com.shopstream.loadgen.cli.StackProcesses;
import com.shopstream.loadgen.load.CatalogProduct;
import com.shopstream.loadgen.load.CatalogStore;
import com.shopstream.loadgen.load.KafkaSink;
import com.shopstream.loadgen.load.LagWatch;
import com.shopstream.loadgen.load.LoadRunner;
import com.shopstream.loadgen.load.ShopperSimulator;
import com.shopstream.loadgen.load.TrafficShaper;
import com.shopstream.loadgen.verify.Verifier;
import picocli.CommandLine.Mixin;
import com.shopstream.common.Clients;
import com.shopstream.common.ConnectionSettings;
import com.shopstream.contract.ShopEvent;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The benchmark: measures the parts' own limits, the pipeline's highest sustained rate, freshness
 * and query-api latency at half that rate, and peak memory, all in one run on this machine, and
 * writes a Markdown and JSON report with a chart.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure the pipeline against this machine's limits.")
public final class BenchCommand implements Callable<Integer> {

    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    /** Each query-api endpoint is loaded this long before the pipeline runs, so its code is compiled when it is measured. */
    private static final Duration IDLE_WARM_UP = Duration.ofSeconds(5);

    @Spec
    private CommandSpec spec;

    @Option(names = "--step", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long each rate of the sustained-rate search runs (default ${DEFAULT-VALUE}).")
    private Duration step;

    @Option(names = "--start-rate", defaultValue = "2000", description = "First rate of the search (default ${DEFAULT-VALUE}).")
    private int startRate;

    @Option(names = "--max-rate", defaultValue = "256000", description = "Highest rate the search tries (default ${DEFAULT-VALUE}).")
    private int maxRate;

    @Option(names = "--bisections", defaultValue = "2", description = "Bisection steps after the doubling (default ${DEFAULT-VALUE}).")
    private int bisections;

    @Option(names = "--limit-events", defaultValue = "300000", description = "Records used to measure each part's limit (default ${DEFAULT-VALUE}).")
    private int limitEvents;

    @Option(names = "--drain-events", defaultValue = "1000000",
            description = "Backlog the paused aggregator drains afterwards, the generator idle (default ${DEFAULT-VALUE}; 0 skips it).")
    private long drainEvents;

    @Option(names = "--freshness", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long freshness is probed, after 5 s of probes not counted (default ${DEFAULT-VALUE}).")
    private Duration freshness;

    @Option(names = "--freshness-rate", defaultValue = "0",
            description = "Rate while freshness and query-api latency are measured (default: half the sustained rate).")
    private int freshnessRate;

    @Option(names = "--api", defaultValue = "8s", converter = DurationConverter.class,
            description = "How long each query-api endpoint is loaded (default ${DEFAULT-VALUE}).")
    private Duration apiDuration;

    @Option(names = "--clients", defaultValue = "64", description = "Concurrent query-api clients (default ${DEFAULT-VALUE}).")
    private int clients;

    @Option(names = "--streams-baseline", description = "The Kafka Streams baseline's jar, run over the drain's backlog "
            + "(infra/bench builds it and passes it; without it the comparison is left out).")
    private Path streamsBaselineJar;

    @Mixin
    private SeedOption seedOption;

    @Option(names = "--out", description = "Results folder (default bench-results/<time> in the repository).")
    private Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        StackAccess stack = StackAccess.fromEnvironment();
        ConnectionSettings connections = stack.connections();
        Path stateDir = stack.stateDir();
        ApiClient api = stack.api();
        BenchReport report = new BenchReport();
        describeMachine(report);
        Path folder = out != null ? out : stack.resultsDir().resolve(FOLDER.format(report.startedAt));

        Vertx vertx = Vertx.vertx();
        Map<String, Long> processes = StackProcesses.running(stateDir.resolve("run"));
        try (MemorySampler memory = new MemorySampler(processes); BackgroundWork postgresWork = new BackgroundWork(connections)) {
            Verifier.awaitCaughtUp(api, Duration.ofMinutes(2));
            CatalogStore store = new CatalogStore(Clients.postgres(vertx, connections, 2, "bench"));
            store.seedIfEmpty(seedOption.seed(), 1000);
            List<CatalogProduct> catalog = store.load();

            console.printf("1. limits of the parts (%,d records each)%n", limitEvents);
            console.flush();
            List<ShopEvent> sample = sampleEvents(catalog, limitEvents);
            LimitsBenchmark limits = new LimitsBenchmark(connections);
            report.limits.add(print(console, limits.postgresCopy(sample)));
            Redis redis = Clients.redis(vertx, connections, 4);
            report.limits.add(print(console, limits.redisIncrements(redis, limitEvents * 4, 1000)));
            for (LimitsBenchmark.Result result : limits.kafka(sample, 6)) {
                report.limits.add(print(console, result));
            }

            console.printf("   warming the query-api up (%d s per endpoint)%n", IDLE_WARM_UP.toSeconds());
            console.flush();
            ApiLatencyBenchmark apiLatency = new ApiLatencyBenchmark(api.baseUrl(), api.apiKey());
            apiLatency.warmUp(endpoints(catalog), clients, IDLE_WARM_UP);

            console.printf("2. highest sustained rate (steps of %ds)%n", step.toSeconds());
            console.flush();
            ShopperSimulator shoppers = new ShopperSimulator(seedOption.seed(), catalog, ShopperSimulator.DEFAULT_CUSTOMERS, Instant.now().getEpochSecond());
            try (KafkaSink sink = new KafkaSink(connections.kafkaBootstrap())) {
                LoadRunner runner = new LoadRunner(shoppers,
                        new TrafficShaper(seedOption.seed(), new TrafficShaper.Shares(0, 0, 0), Instant.now()), sink, null, null, 1000);
                SustainedRateSearch search = new SustainedRateSearch(api, runner, new ProcessCpu(processes), console);
                report.steps = search.search(startRate, maxRate, step, bisections);
                report.samples = search.samples();
                report.sustainedRate = report.steps.stream().filter(SustainedRateSearch.Step::bounded)
                        .mapToInt(SustainedRateSearch.Step::targetRate).max().orElse(0);
                report.probeRateGiven = freshnessRate > 0;
                report.probeRate = report.probeRateGiven ? freshnessRate : Math.max(1, report.sustainedRate / 2);
                console.printf("   sustained: %,d events/s%n", report.sustainedRate);
                if (drainEvents > 0 && !aggregators(processes).isEmpty()) {
                    report.drain = drain(console, api, processes, connections, catalog);
                    Instant drained = Instant.now();
                    report.drainBackground = postgresWork.during(
                            drained.minusMillis(Math.round(report.drain.drainSeconds() * 1000)), drained);
                    compareWithStreams(console, report, processes, connections);
                }

                console.printf("3. freshness and query-api latency at %,d events/s%n", report.probeRate);
                console.flush();
                ExecutorService background = Executors.newSingleThreadExecutor();
                Future<?> load = background.submit(() -> {
                    runner.run(report.probeRate, freshness.plus(FreshnessProbe.WARM_UP).plus(apiDuration.plus(ApiLatencyBenchmark.WARM_UP).multipliedBy(endpoints(catalog).size()))
                            .plusSeconds(20), nanos -> { });
                    return null;
                });
                TimeUnit.SECONDS.sleep(5);
                Instant probed = Instant.now();
                report.freshness = new FreshnessProbe(connections, api, catalog.get(0).id()).measure(freshness, 5);
                report.freshnessBackground = postgresWork.during(probed, Instant.now());
                console.printf("   freshness p50/p99: realtime %s / %s, timeseries %s / %s%n",
                        BenchReport.ms(report.freshness.realtime().getValueAtPercentile(50)),
                        BenchReport.ms(report.freshness.realtime().getValueAtPercentile(99)),
                        BenchReport.ms(report.freshness.timeseries().getValueAtPercentile(50)),
                        BenchReport.ms(report.freshness.timeseries().getValueAtPercentile(99)));
                report.apiClients = clients;
                try (LagWatch lag = new LagWatch(api)) {
                    report.api = apiLatency.run(endpoints(catalog), clients, apiDuration, postgresWork);
                    report.apiMaxLag = lag.maxLag();
                    report.apiLagReadsFailed = lag.failedReads();
                }
                load.get();
                background.shutdown();
                runner.flush(Duration.ofSeconds(30));
            }
            Verifier.awaitCaughtUp(api, Duration.ofMinutes(5));
            report.memoryKiB = memory.peaks();
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        report.write(folder);
        console.println();
        console.print(report.toMarkdown());
        console.printf("%nReport: %s%n", folder.resolve("report.md"));
        console.flush();
        return 0;
    }

    /** The backlog drain, with a sink of its own so that only its own deliveries are judged. */
    private BacklogDrain.Result drain(PrintWriter console, ApiClient api, Map<String, Long> processes, ConnectionSettings connections,
                                      List<CatalogProduct> catalog) throws Exception {
        console.printf("   backlog: pausing the aggregator, producing %,d events ...", drainEvents);
        console.flush();
        ShopperSimulator shoppers = new ShopperSimulator(seedOption.seed() + 2, catalog, ShopperSimulator.DEFAULT_CUSTOMERS, Instant.now().getEpochSecond());
        try (KafkaSink sink = new KafkaSink(connections.kafkaBootstrap())) {
            BacklogDrain.Result result = new BacklogDrain(api, new ProcessCpu(processes), aggregators(processes), connections.kafkaBootstrap())
                    .measure(shoppers, sink, drainEvents, Duration.ofMinutes(15));
            console.printf(Locale.ROOT, " drained at %,.0f events/s (%.1f s, %.2f cores)%n", result.storedPerSecond(),
                    result.drainSeconds(), result.coresUsed());
            return result;
        }
    }

    /** The Kafka Streams baseline over the drain's backlog; a failure of the baseline is reported, not fatal. */
    private void compareWithStreams(PrintWriter console, BenchReport report, Map<String, Long> processes, ConnectionSettings connections) {
        if (streamsBaselineJar == null) {
            report.streamsSkipped = "no --streams-baseline jar given";
            return;
        }
        console.printf("   the same backlog through the Kafka Streams baseline ...");
        console.flush();
        Map<String, Long> kafka = processes.entrySet().stream().filter(p -> StackProcesses.kindOf(p.getKey()).equals("kafka"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        try {
            report.streams = new StreamsBaseline(streamsBaselineJar, connections, kafka)
                    .run(report.drain.firstOffsets(), report.drain.endOffsets());
            console.printf(Locale.ROOT, " %,.0f events/s, %.1f µs of CPU per event with Kafka's%n", report.streams.perSecond(),
                    report.streams.cpuMicrosPerEvent());
        } catch (Exception e) {
            report.streamsSkipped = "it failed: " + e.getMessage();
            console.printf(" failed: %s%n", e.getMessage());
        }
    }

    /** The pids of every aggregator instance: one on the single topology, two on the cluster. */
    private static List<Long> aggregators(Map<String, Long> processes) {
        return processes.entrySet().stream().filter(p -> StackProcesses.kindOf(p.getKey()).equals("aggregator"))
                .map(Map.Entry::getValue).toList();
    }

    private List<ShopEvent> sampleEvents(List<CatalogProduct> catalog, int count) {
        ShopperSimulator shoppers = new ShopperSimulator(seedOption.seed() + 1, catalog, ShopperSimulator.DEFAULT_CUSTOMERS, Instant.now().getEpochSecond());
        List<ShopEvent> events = new ArrayList<>(count);
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            events.add(shoppers.next(now));
        }
        return events;
    }

    private static List<ApiLatencyBenchmark.Endpoint> endpoints(List<CatalogProduct> catalog) {
        Instant now = Instant.now();
        String category = ApiClient.encode(catalog.get(0).category());
        return List.of(
                new ApiLatencyBenchmark.Endpoint("realtime 5m", "/v1/sales/realtime?window=5m"),
                new ApiLatencyBenchmark.Endpoint("realtime 1h by region", "/v1/sales/realtime?window=1h&groupBy=region"),
                new ApiLatencyBenchmark.Endpoint("realtime 15m by category", "/v1/sales/realtime?window=15m&groupBy=category"),
                new ApiLatencyBenchmark.Endpoint("timeseries, last hour by minute",
                        "/v1/sales/timeseries?granularity=minute&from=" + now.minus(Duration.ofHours(1)) + "&to=" + now),
                new ApiLatencyBenchmark.Endpoint("timeseries, last week by hour, one category",
                        "/v1/sales/timeseries?granularity=hour&from=" + now.minus(Duration.ofDays(7)) + "&to=" + now + "&category=" + category),
                new ApiLatencyBenchmark.Endpoint("top products 1h", "/v1/products/top?window=1h&limit=10"),
                new ApiLatencyBenchmark.Endpoint("products page", "/v1/products?limit=100"),
                new ApiLatencyBenchmark.Endpoint("pipeline status", "/v1/pipeline/status"));
    }

    private static LimitsBenchmark.Result print(PrintWriter console, LimitsBenchmark.Result result) {
        console.printf(Locale.ROOT, "   %-58s %,12.0f %s/s%n", result.name(), result.perSecond(), result.unit());
        console.flush();
        return result;
    }

    private static void describeMachine(BenchReport report) {
        long memoryKiB = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memoryKiB = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            // not Linux: memory left out
        }
        int cores = Runtime.getRuntime().availableProcessors();
        report.machine.put("cores", cores).put("memoryGiB", memoryKiB / 1024 / 1024)
                .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"))
                .put("java", System.getProperty("java.version"))
                .put("description", String.format(Locale.ROOT, "%d cores, %d GiB, %s %s, Java %s; every part of the stack and "
                        + "the load generator share these cores", cores, memoryKiB / 1024 / 1024, System.getProperty("os.name"),
                        System.getProperty("os.version"), System.getProperty("java.version")));
    }
}
