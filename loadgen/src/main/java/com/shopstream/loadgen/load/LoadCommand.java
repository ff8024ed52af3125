package com.shopstream.loadgen.load;

import com.shopstream.loadgen.cli.ApiClient;
import com.shopstream.loadgen.cli.DurationConverter;
import com.shopstream.loadgen.cli.SeedOption;
import com.shopstream.loadgen.cli.StackAccess;
import com.shopstream.loadgen.verify.GroundTruth;
import com.shopstream.loadgen.verify.Snapshot;
import com.shopstream.loadgen.verify.Verifier;
import picocli.CommandLine.Mixin;
import com.shopstream.common.Clients;
import com.shopstream.common.ConnectionSettings;
import com.shopstream.common.Money;
import com.shopstream.contract.EventType;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Streams simulated shoppers' events at a steady rate through Kafka or HTTP, shaped with duplicates,
 * out-of-order and late events, with a live progress line; writes the run's ground truth, and with
 * {@code --verify} checks the API's answers against it.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Stream events at a given rate and duration.")
public final class LoadCommand implements Callable<Integer> {

    enum Via { kafka, http }

    private static final DateTimeFormatter RUN_NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    @Spec
    private CommandSpec spec;

    @Option(names = "--rate", defaultValue = "1000", description = "Events per second, duplicates included (default ${DEFAULT-VALUE}).")
    private int rate;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long to send, such as 30s, 5m (default ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(names = "--via", defaultValue = "kafka", description = "kafka or http (default ${DEFAULT-VALUE}).")
    private Via via;

    @Mixin
    private SeedOption seedOption;

    @Option(names = "--products", defaultValue = "1000", description = "Catalog size when the catalog is seeded (default ${DEFAULT-VALUE}).")
    private int products;

    @Option(names = "--customers", defaultValue = "" + ShopperSimulator.DEFAULT_CUSTOMERS,
            description = "Number of distinct customers, drawn uniformly (default ${DEFAULT-VALUE}: at thousands of orders a second a"
                    + " smaller base makes every customer a serial buyer and trips the fraud rules on most orders).")
    private int customers;

    @Option(names = "--batch", defaultValue = "200", description = "Events per HTTP request, at most (default ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--duplicate-share", defaultValue = "0.01",
            description = "Share of events sent twice, half of them through the other path (default ${DEFAULT-VALUE}).")
    private double duplicateShare;

    @Option(names = "--out-of-order-share", defaultValue = "0.05",
            description = "Share of events up to 30 s older than the ones around them (default ${DEFAULT-VALUE}).")
    private double outOfOrderShare;

    @Option(names = "--late-share", defaultValue = "0.005",
            description = "Share of events 2 to 50 minutes late (default ${DEFAULT-VALUE}).")
    private double lateShare;

    @Option(names = "--verify", description = "After the run, wait for the pipeline and check every API answer against the ground truth.")
    private boolean verify;

    @Option(names = "--truth-dir", description = "Where to write the ground-truth file (default $SHOP_STATE_DIR/load).")
    private Path truthDir;

    @Override
    public Integer call() throws Exception {
        if (rate < 1 || products < 1 || customers < 1 || batch < 1 || duration.isNegative() || duration.isZero()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--rate, --duration, --products, --customers and --batch must be positive");
        }
        TrafficShaper.Shares shares;
        try {
            shares = new TrafficShaper.Shares(outOfOrderShare, lateShare, duplicateShare);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--*-share options must be between 0 and 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        StackAccess stack = StackAccess.fromEnvironment();
        ConnectionSettings connections = stack.connections();
        String ingestUrl = stack.ingestUrl();
        ApiClient api = stack.api();
        List<CatalogProduct> catalog = loadCatalog(connections, out);
        Map<Long, String> categories = new HashMap<>();
        catalog.forEach(p -> categories.put(p.id(), p.category()));

        Instant runStart = Instant.now();
        List<Snapshot.Filter> filters = verify ? filters(catalog) : List.of();
        Instant rangeFrom = runStart.minus(Duration.ofMinutes(65));
        Instant rangeTo = runStart.plus(duration).plus(Duration.ofMinutes(3));
        Snapshot before = null;
        if (verify) {
            out.println("Waiting for the pipeline to be idle, then reading the API's figures before the run");
            out.flush();
            Verifier.awaitCaughtUp(api, Duration.ofMinutes(2));
            before = Snapshot.take(api, rangeFrom, rangeTo, filters);
            runStart = Instant.now();
        }

        ShopperSimulator shoppers = new ShopperSimulator(seedOption.seed(), catalog, customers, runStart.getEpochSecond());
        TrafficShaper shaper = new TrafficShaper(seedOption.seed(), shares, runStart);
        GroundTruth truth = new GroundTruth(id -> categories.getOrDefault(id, GroundTruth.UNKNOWN_CATEGORY));
        long sent;
        long elapsed;
        boolean failures;
        try (EventSink main = sink(via, connections, ingestUrl, api.apiKey());
             EventSink other = duplicateShare > 0 ? sink(via == Via.kafka ? Via.http : Via.kafka, connections, ingestUrl, api.apiKey()) : null) {
            Progress progress = new Progress(spec.commandLine().getErr(), duration, rate, System.console() != null);
            LoadRunner runner = new LoadRunner(shoppers, shaper, main, other, truth, via == Via.http ? batch * HttpSink.LANES : 1000);
            long start = System.nanoTime();
            runner.run(rate, duration, nanos -> progress.update(nanos, runner.sent(), main.deliveries()));
            runner.flush(Duration.ofSeconds(30));
            sent = runner.sent();
            elapsed = System.nanoTime() - start;
            progress.finish(elapsed, sent, main.deliveries());
            failures = main.deliveries().failed() > 0 || (other != null && other.deliveries().failed() > 0);
            printSummary(out, sent, main, other, truth, shaper, elapsed);
        }

        Path truthFile = (truthDir != null ? truthDir : stack.stateDir().resolve("load"))
                .resolve("run-" + RUN_NAME.format(runStart) + "-seed" + seedOption.seed() + ".json");
        truth.write(truthFile, new JsonObject()
                .put("seed", seedOption.seed()).put("via", via.name()).put("rate", rate).put("durationSeconds", duration.toSeconds())
                .put("startedAt", runStart.toString()).put("elapsedSeconds", elapsed / 1e9)
                .put("sent", sent).put("distinctEvents", truth.events()).put("duplicates", shaper.duplicates())
                .put("outOfOrder", shaper.outOfOrder()).put("late", shaper.late()));
        out.printf("  %-18s %s%n", "ground truth", truthFile);
        out.flush();

        if (!verify) {
            return failures ? 1 : 0;
        }
        out.println();
        out.println("Waiting for the pipeline to catch up");
        out.flush();
        Verifier.awaitCaughtUp(api, Duration.ofMinutes(5));
        Snapshot after = Snapshot.take(api, rangeFrom, rangeTo, filters);
        List<Verifier.Check> checks = new Verifier(api).verify(truth, before, after, shaper.duplicates(), shaper.late());
        Verifier.print(out, checks);
        boolean mismatch = checks.stream().anyMatch(c -> c.outcome() == Verifier.Outcome.FAIL);
        return failures || mismatch ? 1 : 0;
    }

    private static EventSink sink(Via via, ConnectionSettings connections, String ingestUrl, String apiKey) {
        return via == Via.kafka ? new KafkaSink(connections.kafkaBootstrap()) : new HttpSink(ingestUrl, apiKey);
    }

    private static List<Snapshot.Filter> filters(List<CatalogProduct> catalog) {
        List<Snapshot.Filter> filters = new ArrayList<>();
        filters.add(Snapshot.Filter.ALL);
        ShopperSimulator.REGIONS.forEach(region -> filters.add(new Snapshot.Filter(region, null)));
        catalog.stream().map(CatalogProduct::category).distinct().sorted()
                .forEach(category -> filters.add(new Snapshot.Filter(null, category)));
        return filters;
    }

    private List<CatalogProduct> loadCatalog(ConnectionSettings connections, PrintWriter out) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = Clients.postgres(vertx, connections, 2, "loadgen");
            CatalogStore store = new CatalogStore(pool);
            int seeded = store.seedIfEmpty(seedOption.seed(), products);
            List<CatalogProduct> catalog = store.load();
            if (seeded > 0) {
                out.printf("Seeded the catalog: %,d products in %d categories (seed %d)%n",
                        seeded, CatalogGenerator.categoryNames().size(), seedOption.seed());
            } else {
                out.printf("Catalog holds %,d products%n", catalog.size());
            }
            if (catalog.isEmpty()) {
                throw new IllegalStateException("the catalog is empty and could not be seeded");
            }
            return catalog;
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private void printSummary(PrintWriter out, long sent, EventSink main, EventSink other, GroundTruth truth,
                              TrafficShaper shaper, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        out.println();
        out.println("Load run finished");
        out.printf("  %-18s %s%s%n", "via", via, other == null ? "" : " (duplicates also through " + (via == Via.kafka ? "http" : "kafka") + ")");
        out.printf("  %-18s %.1f s%n", "duration", seconds);
        out.printf("  %-18s %,d (%,.0f/s, target %,d/s)%n", "events sent", sent, sent / seconds, rate);
        for (EventSink sink : other == null ? List.of(main) : List.of(main, other)) {
            Deliveries deliveries = sink.deliveries();
            String path = sink == main ? via.name() : "other path";
            out.printf("  %-18s %,d acknowledged, %,d failed%s%n", path, deliveries.acknowledged(), deliveries.failed(),
                    deliveries.lastError() == null ? "" : "  (last: " + deliveries.lastError() + ")");
        }
        out.printf("  %-18s %,d distinct, %,d sent twice, %,d out of order, %,d late%n", "events",
                truth.events(), shaper.duplicates(), shaper.outOfOrder(), shaper.late());
        out.printf("  %-18s %,d took effect, %,d of unknown or cancelled orders%n", "cancellations",
                truth.cancellationsApplied(), truth.cancellationsIgnored());
        for (EventType type : EventType.values()) {
            out.printf("  %-18s %,d%n", type.wireName(), truth.byType().getOrDefault(type, 0L));
        }
        GroundTruth.Sales sales = truth.sales(Instant.MIN, Instant.MAX, null, null);
        out.printf("  %-18s %s over %,d orders and %,d units, net of cancellations%n", "revenue",
                String.format("%,.2f", Money.fromCents(sales.cents())), sales.orders(), sales.units());
        out.flush();
    }
}
