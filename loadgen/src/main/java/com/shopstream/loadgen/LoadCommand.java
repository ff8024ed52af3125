package com.shopstream.loadgen;

import com.shopstream.common.Clients;
import com.shopstream.common.ConnectionSettings;
import com.shopstream.common.Settings;
import com.shopstream.contract.EventType;
import com.shopstream.contract.ShopEvent;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Streams simulated shoppers' events at a steady rate through Kafka or HTTP, with a live progress line. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Stream events at a given rate and duration.")
final class LoadCommand implements Callable<Integer> {

    enum Via { kafka, http }

    @Spec
    private CommandSpec spec;

    @Option(names = "--rate", defaultValue = "1000", description = "Events per second (default ${DEFAULT-VALUE}).")
    private int rate;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long to send, such as 30s, 5m (default ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(names = "--via", defaultValue = "kafka", description = "kafka or http (default ${DEFAULT-VALUE}).")
    private Via via;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the catalog and of the shoppers' behaviour (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--products", defaultValue = "1000", description = "Catalog size when the catalog is seeded (default ${DEFAULT-VALUE}).")
    private int products;

    @Option(names = "--customers", defaultValue = "20000", description = "Number of distinct customers (default ${DEFAULT-VALUE}).")
    private int customers;

    @Option(names = "--batch", defaultValue = "200", description = "Events per HTTP request (default ${DEFAULT-VALUE}).")
    private int batch;

    @Override
    public Integer call() throws Exception {
        if (rate < 1 || products < 1 || customers < 1 || batch < 1 || duration.isNegative() || duration.isZero()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--rate, --duration, --products, --customers and --batch must be positive");
        }
        PrintWriter out = spec.commandLine().getOut();
        Settings settings = Settings.fromEnvironment();
        ConnectionSettings connections = ConnectionSettings.from(settings);
        List<CatalogProduct> catalog = loadCatalog(connections, out);

        Instant runStart = Instant.now();
        ShopperSimulator shoppers = new ShopperSimulator(seed, catalog, customers, runStart.getEpochSecond());
        Map<EventType, Long> byType = new EnumMap<>(EventType.class);
        BigDecimal revenue = BigDecimal.ZERO.setScale(2);
        long units = 0;
        long sent = 0;
        try (EventSink sink = via == Via.kafka
                ? new KafkaSink(connections.kafkaBootstrap())
                : new HttpSink(settings.string("SHOP_INGEST_URL", "http://127.0.0.1:8081"))) {
            Progress progress = new Progress(spec.commandLine().getErr(), duration, rate, System.console() != null);
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            int maxChunk = via == Via.http ? batch : 1000;
            List<ShopEvent> chunk = new ArrayList<>(maxChunk);
            for (long now = start; now < end; now = System.nanoTime()) {
                long due = (long) ((now - start) / 1e9 * rate) - sent;
                if (due <= 0) {
                    TimeUnit.MICROSECONDS.sleep(500);
                } else {
                    Instant at = Instant.now();
                    int n = (int) Math.min(due, maxChunk);
                    for (int i = 0; i < n; i++) {
                        ShopEvent event = shoppers.next(at);
                        chunk.add(event);
                        byType.merge(event.type(), 1L, Long::sum);
                        if (event.isOrder()) {
                            revenue = revenue.add(event.revenue());
                            units += event.units();
                        }
                    }
                    sink.send(chunk);
                    sent += n;
                    chunk = new ArrayList<>(maxChunk);
                }
                progress.update(now - start, sent, sink);
            }
            sink.flush(Duration.ofSeconds(30));
            progress.finish(System.nanoTime() - start, sent, sink);
            printSummary(out, sent, sink, byType, revenue, units, System.nanoTime() - start);
            return sink.deliveries().failed() == 0 ? 0 : 1;
        }
    }

    private List<CatalogProduct> loadCatalog(ConnectionSettings connections, PrintWriter out) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = Clients.postgres(vertx, connections, 2, "loadgen");
            CatalogStore store = new CatalogStore(pool);
            int seeded = store.seedIfEmpty(seed, products);
            List<CatalogProduct> catalog = store.load();
            if (seeded > 0) {
                out.printf("Seeded the catalog: %,d products in %d categories (seed %d)%n",
                        seeded, CatalogGenerator.categoryNames().size(), seed);
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

    private void printSummary(PrintWriter out, long sent, EventSink sink, Map<EventType, Long> byType,
                              BigDecimal revenue, long units, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        out.println();
        out.println("Load run finished");
        out.printf("  %-18s %s%n", "via", via);
        out.printf("  %-18s %.1f s%n", "duration", seconds);
        out.printf("  %-18s %,d (%,.0f/s, target %,d/s)%n", "events sent", sent, sent / seconds, rate);
        Deliveries deliveries = sink.deliveries();
        out.printf("  %-18s %,d%n", "acknowledged", deliveries.acknowledged());
        out.printf("  %-18s %,d%s%n", "failed", deliveries.failed(),
                deliveries.lastError() == null ? "" : "  (last: " + deliveries.lastError() + ")");
        for (EventType type : EventType.values()) {
            out.printf("  %-18s %,d%n", type.wireName(), byType.getOrDefault(type, 0L));
        }
        out.printf("  %-18s %s over %,d units%n", "revenue", String.format("%,.2f", revenue), units);
        out.flush();
    }

    /** Parses 30s, 5m, 2h or ISO-8601 durations. */
    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Settings.parseDuration(value);
        }
    }
}
