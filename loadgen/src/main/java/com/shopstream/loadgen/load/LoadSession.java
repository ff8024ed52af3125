package com.shopstream.loadgen.load;

import com.shopstream.common.Clients;
import com.shopstream.common.ConnectionSettings;
import com.shopstream.common.Money;
import com.shopstream.contract.EventType;
import com.shopstream.loadgen.cli.ApiClient;
import com.shopstream.loadgen.cli.StackAccess;
import com.shopstream.loadgen.verify.GroundTruth;
import com.shopstream.loadgen.verify.Snapshot;
import com.shopstream.loadgen.verify.Verifier;
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
import java.util.concurrent.TimeUnit;

/**
 * One load run against the stack: seeds the catalog when empty, streams simulated shoppers' events
 * as the plan says with a live progress line, writes the run's ground truth and, when the plan asks,
 * waits for the pipeline and checks the API's answers against it. Used by {@code run} and by the
 * chaos runs, which inject a fault once sending has started.
 */
public final class LoadSession {

    /** Long enough for the HTTP sink's last retry to be answered; Kafka's sends are bounded by its delivery timeout. */
    private static final Duration SETTLE_TIMEOUT = HttpSink.RETRY_BUDGET.plusMinutes(1);
    private static final DateTimeFormatter RUN_NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final StackAccess stack;
    private final PrintWriter out;
    private final PrintWriter err;

    public LoadSession(StackAccess stack, PrintWriter out, PrintWriter err) {
        this.stack = stack;
        this.out = out;
        this.err = err;
    }

    /** Runs the plan; {@code sendingStarted} is called once, as the first events go out. */
    public LoadResult run(LoadPlan plan, Runnable sendingStarted) throws Exception {
        ConnectionSettings connections = stack.connections();
        ApiClient api = stack.api();
        List<CatalogProduct> catalog = loadCatalog(connections, plan);
        Map<Long, String> categories = new HashMap<>();
        catalog.forEach(p -> categories.put(p.id(), p.category()));

        Instant runStart = Instant.now();
        List<Snapshot.Filter> filters = plan.verify() ? filters(catalog) : List.of();
        Instant rangeFrom = runStart.minus(Duration.ofMinutes(65));
        Instant rangeTo = runStart.plus(plan.duration()).plus(Duration.ofMinutes(3));
        Snapshot before = null;
        if (plan.verify()) {
            out.println("Waiting for the pipeline to be idle, then reading the API's figures before the run");
            out.flush();
            Verifier.awaitCaughtUp(api, Duration.ofMinutes(2));
            before = Snapshot.take(api, rangeFrom, rangeTo, filters);
            runStart = Instant.now();
        }

        ShopperSimulator shoppers = new ShopperSimulator(plan.seed(), catalog, plan.customers(), runStart.getEpochSecond());
        TrafficShaper shaper = new TrafficShaper(plan.seed(), plan.shares(), runStart);
        GroundTruth truth = new GroundTruth(id -> categories.getOrDefault(id, GroundTruth.UNKNOWN_CATEGORY));
        long sent;
        long elapsed;
        long acknowledged;
        long failed;
        long resent;
        AcknowledgedEvents acknowledgedEvents = new AcknowledgedEvents(truth);
        try (EventSink main = sink(plan.via(), connections, api.apiKey(), acknowledgedEvents);
             EventSink other = plan.shares().duplicates() > 0 ? sink(plan.otherVia(), connections, api.apiKey(), acknowledgedEvents) : null) {
            Progress progress = new Progress(err, plan.duration(), plan.rate(), System.console() != null);
            LoadRunner runner = new LoadRunner(shoppers, shaper, main, other, acknowledgedEvents,
                    plan.via() == LoadPlan.Via.http ? plan.batch() * HttpSink.LANES : 1000);
            long start = System.nanoTime();
            sendingStarted.run();
            runner.run(plan.rate(), plan.duration(), nanos -> progress.update(nanos, runner.sent(), main.deliveries()));
            runner.flush(SETTLE_TIMEOUT);
            acknowledgedEvents.seal();
            sent = runner.sent();
            elapsed = System.nanoTime() - start;
            progress.finish(elapsed, sent, main.deliveries());
            acknowledged = main.deliveries().acknowledged() + (other == null ? 0 : other.deliveries().acknowledged());
            // A send still unanswered now is as good as given up: it is not in the ground truth.
            failed = sent - acknowledged;
            resent = main.deliveries().resent() + (other == null ? 0 : other.deliveries().resent());
            printSummary(plan, sent, main, other, truth, shaper, elapsed);
        }
        if (failed > 0) {
            out.printf("  %,d sends were given up on or never answered. Their events are not in the ground truth;%n"
                    + "  any of them that reached the pipeline shows as an excess below.%n", failed);
        }

        Path truthFile = (plan.truthDir() != null ? plan.truthDir() : stack.stateDir().resolve("load"))
                .resolve("run-" + RUN_NAME.format(runStart) + "-seed" + plan.seed() + ".json");
        truth.write(truthFile, new JsonObject()
                .put("seed", plan.seed()).put("via", plan.via().name()).put("rate", plan.rate())
                .put("durationSeconds", plan.duration().toSeconds())
                .put("startedAt", runStart.toString()).put("elapsedSeconds", elapsed / 1e9)
                .put("sent", sent).put("distinctEvents", truth.events()).put("duplicates", shaper.duplicates())
                .put("outOfOrder", shaper.outOfOrder()).put("late", shaper.late()));
        out.printf("  %-18s %s%n", "ground truth", truthFile);
        out.flush();

        List<Verifier.Check> checks = List.of();
        Long eventsStored = null;
        if (plan.verify()) {
            out.println();
            out.println("Waiting for the pipeline to catch up");
            out.flush();
            Verifier.awaitCaughtUp(api, Duration.ofMinutes(5));
            Snapshot after = Snapshot.take(api, rangeFrom, rangeTo, filters);
            checks = new Verifier(api).verify(truth, before, after, shaper.duplicates(), resent, shaper.late());
            Verifier.print(out, checks);
            eventsStored = after.counter("eventsStored") - before.counter("eventsStored");
        }
        return new LoadResult(sent, truth.events(), acknowledged, failed, eventsStored, checks);
    }

    private EventSink sink(LoadPlan.Via via, ConnectionSettings connections, String apiKey, AcknowledgedEvents acknowledged) {
        return via == LoadPlan.Via.kafka
                ? new KafkaSink(connections.kafkaBootstrap(), acknowledged::acknowledged)
                : new HttpSink(stack.ingestUrl(), apiKey, acknowledged::acknowledged);
    }

    private static List<Snapshot.Filter> filters(List<CatalogProduct> catalog) {
        List<Snapshot.Filter> filters = new ArrayList<>();
        filters.add(Snapshot.Filter.ALL);
        ShopperSimulator.REGIONS.forEach(region -> filters.add(new Snapshot.Filter(region, null)));
        catalog.stream().map(CatalogProduct::category).distinct().sorted()
                .forEach(category -> filters.add(new Snapshot.Filter(null, category)));
        return filters;
    }

    private List<CatalogProduct> loadCatalog(ConnectionSettings connections, LoadPlan plan) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = Clients.postgres(vertx, connections, 2, "loadgen");
            CatalogStore store = new CatalogStore(pool);
            int seeded = store.seedIfEmpty(plan.seed(), plan.products());
            List<CatalogProduct> catalog = store.load();
            if (seeded > 0) {
                out.printf("Seeded the catalog: %,d products in %d categories (seed %d)%n",
                        seeded, CatalogGenerator.categoryNames().size(), plan.seed());
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

    private void printSummary(LoadPlan plan, long sent, EventSink main, EventSink other, GroundTruth truth,
                              TrafficShaper shaper, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        out.println();
        out.println("Load run finished");
        out.printf("  %-18s %s%s%n", "via", plan.via(), other == null ? "" : " (duplicates also through " + plan.otherVia() + ")");
        out.printf("  %-18s %.1f s%n", "duration", seconds);
        out.printf("  %-18s %,d (%,.0f/s, target %,d/s)%n", "events sent", sent, sent / seconds, plan.rate());
        for (EventSink sink : other == null ? List.of(main) : List.of(main, other)) {
            Deliveries deliveries = sink.deliveries();
            String path = sink == main ? plan.via().name() : "other path";
            out.printf("  %-18s %,d acknowledged, %,d failed, %,d sent again%s%n", path, deliveries.acknowledged(), deliveries.failed(),
                    deliveries.resent(),
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
