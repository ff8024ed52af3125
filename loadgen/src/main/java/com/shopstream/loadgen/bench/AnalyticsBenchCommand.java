package com.shopstream.loadgen.bench;

import com.shopstream.loadgen.cli.DurationConverter;
import com.shopstream.loadgen.cli.StackAccess;
import com.shopstream.common.Clients;
import com.shopstream.common.api.ApiKeySecrets;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures the analytics endpoints warm, one request at a time, on whatever the stack holds (the
 * target is a dataset of at least 10 million events and 1 million orders made by {@code infra/load}):
 * p50, p95 and p99 per endpoint next to a baseline of the cheapest API call measured in the same
 * run, written as Markdown to {@code bench-results/}.
 */
@Command(name = "analytics-bench", mixinStandardHelpOptions = true,
        description = "Measure the latency of the analytics endpoints on the data the stack holds.")
public final class AnalyticsBenchCommand implements Callable<Integer> {

    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    @Spec
    private CommandSpec spec;

    @Option(names = "--requests", defaultValue = "200", description = "Measured requests per endpoint (default ${DEFAULT-VALUE}).")
    private int requests;

    @Option(names = "--warmup", defaultValue = "20", description = "Unmeasured requests per endpoint first (default ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--budget", defaultValue = "30s", converter = DurationConverter.class,
            description = "Time an endpoint is measured for at most, after at least 5 requests (default ${DEFAULT-VALUE}).")
    private Duration budget;

    @Option(names = "--out", description = "Report file (default bench-results/analytics-<time>.md in the repository).")
    private Path out;

    @Option(names = "--cached", description = "Let the response cache answer repeated requests; by default each request "
            + "carries a parameter of its own, so that the figures are those of the queries.")
    private boolean cached;

    /** One endpoint: a name and the request path for the i-th request. */
    private record Endpoint(String name, IntFunction<String> path) {
    }

    private record Result(String name, long requests, long p50Micros, long p95Micros, long p99Micros, long maxMicros, int errors) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String apiKey;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        StackAccess stack = StackAccess.fromEnvironment();
        String api = stack.queryApiUrl();
        apiKey = stack.api().apiKey();
        Vertx vertx = Vertx.vertx();
        Pool pool = Clients.postgres(vertx, stack.connections(), 2, "analytics-bench");
        try {
            Row size = single(pool, """
                    SELECT (SELECT coalesce(sum(events_stored), 0) FROM partition_progress)::bigint,
                           (SELECT count(*) FROM orders), (SELECT max(occurred_at) FROM order_ids)""");
            List<Long> customers = ids(pool, "SELECT customer_id FROM orders TABLESAMPLE SYSTEM (1) LIMIT 100");
            List<Long> products = ids(pool, "SELECT product_id FROM product_pairs GROUP BY product_id ORDER BY max(orders) DESC LIMIT 100");
            if (customers.isEmpty() || products.isEmpty() || size.getOffsetDateTime(2) == null) {
                console.println("no orders (or no refreshed views) yet: run infra/load first");
                return 1;
            }
            Instant end = size.getOffsetDateTime(2).toInstant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
            List<Endpoint> endpoints = endpoints(end, customers, products);
            console.printf("%nAnalytics latency on %,d events and %,d orders (last order %s), %d requests each after %d warm-up%n",
                    size.getLong(0), size.getLong(1), end, requests, warmup);
            console.printf("  %-34s %8s %10s %10s %10s %10s %7s%n", "endpoint", "requests", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors");
            List<Result> results = new ArrayList<>();
            for (Endpoint endpoint : endpoints) {
                Result result = measure(api, endpoint);
                results.add(result);
                console.printf(Locale.ROOT, "  %-34s %8d %10.2f %10.2f %10.2f %10.2f %7d%n", result.name(), result.requests(), result.p50Micros() / 1000.0,
                        result.p95Micros() / 1000.0, result.p99Micros() / 1000.0, result.maxMicros() / 1000.0, result.errors());
                console.flush();
            }
            Path report = out != null ? out : Path.of("bench-results", "analytics-" + FOLDER.format(Instant.now()) + ".md");
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.writeString(report, markdown(size, end, results));
            console.printf("%nreport: %s%n", report.toAbsolutePath());
            return results.stream().anyMatch(r -> r.errors() > 0) ? 1 : 0;
        } finally {
            pool.close();
            vertx.close();
        }
    }

    private static List<Endpoint> endpoints(Instant end, List<Long> customers, List<Long> products) {
        String day = "from=" + end.minus(Duration.ofDays(1)) + "&to=" + end;
        String hour = "from=" + end.minus(Duration.ofHours(1)) + "&to=" + end;
        return List.of(
                new Endpoint("baseline: /v1/products?limit=1", i -> "/v1/products?limit=1"),
                new Endpoint("timeseries minute, 1 day", i -> "/v1/sales/timeseries?granularity=minute&" + day),
                new Endpoint("timeseries hour, 7 days", i -> "/v1/sales/timeseries?granularity=hour&from="
                        + end.minus(Duration.ofDays(7)) + "&to=" + end),
                new Endpoint("funnel, last hour", i -> "/v1/funnel?" + hour),
                new Endpoint("funnel, last day", i -> "/v1/funnel?" + day),
                new Endpoint("cohorts, 12 weeks", i -> "/v1/cohorts?period=week&from=" + end.minus(Duration.ofDays(84)) + "&to=" + end),
                new Endpoint("customers/segments", i -> "/v1/customers/segments"),
                new Endpoint("customers/{id}", i -> "/v1/customers/" + customers.get(i % customers.size())),
                new Endpoint("products/{id}/bought-together", i -> "/v1/products/" + products.get(i % products.size()) + "/bought-together"),
                new Endpoint("basket/rules", i -> "/v1/basket/rules?minSupport=0.0001&minConfidence=0.05"),
                new Endpoint("inventory/alerts", i -> "/v1/inventory/alerts"),
                new Endpoint("anomalies, hours of 7 days", i -> "/v1/anomalies?granularity=hour&from=" + end.minus(Duration.ofDays(7)) + "&to=" + end),
                new Endpoint("anomalies, minutes of 6 hours", i -> "/v1/anomalies?granularity=minute&metric=orders&from="
                        + end.minus(Duration.ofHours(6)) + "&to=" + end),
                new Endpoint("sales/forecast, 24 hours", i -> "/v1/sales/forecast?granularity=hour&horizon=24"),
                new Endpoint("fraud/flags, last day", i -> "/v1/fraud/flags?" + day));
    }

    private Result measure(String api, Endpoint endpoint) throws Exception {
        long warmupDeadline = System.nanoTime() + budget.toNanos() / 2;
        for (int i = 0; i < warmup && (i == 0 || System.nanoTime() < warmupDeadline); i++) {
            send(api, endpoint, i);
        }
        Histogram histogram = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        int errors = 0;
        long deadline = System.nanoTime() + budget.toNanos();
        for (int i = 0; i < requests && (i < 5 || System.nanoTime() < deadline); i++) {
            long started = System.nanoTime();
            int status = send(api, endpoint, warmup + i);
            histogram.recordValue(Math.min((System.nanoTime() - started) / 1000, histogram.getHighestTrackableValue()));
            errors += status == 200 ? 0 : 1;
        }
        return new Result(endpoint.name(), histogram.getTotalCount(), histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(95), histogram.getValueAtPercentile(99), histogram.getMaxValue(), errors);
    }

    private int send(String api, Endpoint endpoint, int i) throws Exception {
        String path = endpoint.path().apply(i);
        if (!cached) {
            // Handlers ignore parameters they do not know, but the cache key holds every one: a miss each time.
            path += (path.contains("?") ? "&" : "?") + "uncached=" + UUID.randomUUID();
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(api + path))
                .header(ApiKeySecrets.HEADER, apiKey).timeout(Duration.ofMinutes(5)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String markdown(Row size, Instant end, List<Result> results) {
        StringBuilder md = new StringBuilder();
        md.append("# Analytics latency\n\n")
                .append(String.format(Locale.ROOT, "%,d events, %,d orders, last order %s; up to %d sequential requests per endpoint "
                                + "(at most %s each) after %d warm-up, %s; %s.%n%n", size.getLong(0), size.getLong(1), end, requests, budget, warmup,
                        cached ? "repeated requests answered by the response cache" : "every request computed (the cache bypassed)",
                        Instant.now()))
                .append("| endpoint | requests | p50 ms | p95 ms | p99 ms | max ms | errors |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %.2f | %d |%n", r.name(), r.requests(), r.p50Micros() / 1000.0,
                    r.p95Micros() / 1000.0, r.p99Micros() / 1000.0, r.maxMicros() / 1000.0, r.errors()));
        }
        return md.toString();
    }

    private static Row single(Pool pool, String sql) throws Exception {
        return pool.query(sql).execute().await(5, TimeUnit.MINUTES).iterator().next();
    }

    private static List<Long> ids(Pool pool, String sql) throws Exception {
        List<Long> ids = new ArrayList<>();
        pool.query(sql).execute().await(5, TimeUnit.MINUTES).forEach(row -> ids.add(row.getLong(0)));
        return ids;
    }
}
