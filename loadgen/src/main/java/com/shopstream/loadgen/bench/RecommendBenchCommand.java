package com.shopstream.loadgen.bench;

import com.shopstream.loadgen.cli.StackAccess;
import com.shopstream.loadgen.load.CatalogGenerator;
import com.shopstream.common.Clients;
import com.shopstream.common.api.ApiKeySecrets;
import com.shopstream.common.Vectors;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures the recommendations: recall@10 of the HNSW index against exact search (computed here,
 * by brute force) on the catalog's embeddings and, with {@code --synthetic N}, on N
 * {@link SyntheticVectors} in a table of their own, with the intrinsic dimension of both; the share
 * of similar products in the product's own category; and the latency of similar products,
 * recommendations and search, one client alone and 32 at once. Writes Markdown to
 * {@code bench-results/}.
 */
@Command(name = "recommend-bench", mixinStandardHelpOptions = true,
        description = "Measure recall, category coherence and latency of similar products, recommendations and search.")
public final class RecommendBenchCommand implements Callable<Integer> {

    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final int K = 10;
    private static final int DIMENSIONS = SyntheticVectors.DIMENSIONS;

    @Spec
    private CommandSpec spec;

    @Option(names = "--queries", defaultValue = "200", description = "Products (or synthetic vectors) queried for recall (default ${DEFAULT-VALUE}).")
    private int queries;

    @Option(names = "--synthetic", defaultValue = "0", description = "Size of the synthetic vector set; 0 skips it (default ${DEFAULT-VALUE}).")
    private int synthetic;

    @Option(names = "--synthetic-shape", defaultValue = "MANIFOLD",
            description = "How synthetic vectors spread around their topic: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    private SyntheticVectors.Shape syntheticShape;

    @Option(names = "--synthetic-intrinsic-dimension", defaultValue = "16",
            description = "Directions of their own per topic of manifold-shaped synthetic vectors (default ${DEFAULT-VALUE}).")
    private int syntheticIntrinsicDimension;

    @Option(names = "--synthetic-m", defaultValue = "24",
            description = "HNSW m of the synthetic set's index; the products' index has 24 (default ${DEFAULT-VALUE}).")
    private int syntheticM;

    @Option(names = "--synthetic-ef-construction", defaultValue = "200",
            description = "HNSW ef_construction of the synthetic set's index; the products' index has 200 (default ${DEFAULT-VALUE}).")
    private int syntheticEfConstruction;

    @Option(names = "--ef-search", defaultValue = "200",
            description = "hnsw.ef_search for the catalog's recall queries, as query-api's default (default ${DEFAULT-VALUE}).")
    private int efSearch;

    @Option(names = "--synthetic-ef-search", defaultValue = "100,200,400", split = ",",
            description = "hnsw.ef_search values the synthetic set is queried with, each against the same exact answers (default ${DEFAULT-VALUE}).")
    private List<Integer> syntheticEfSearch;

    @Option(names = "--requests", defaultValue = "300",
            description = "Measured requests per endpoint and concurrency, each computed, not served from the response cache (default ${DEFAULT-VALUE}).")
    private int requests;

    @Option(names = "--out", description = "Report file (default bench-results/recommend-<time>.md in the repository).")
    private Path out;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String apiKey;
    private final StringBuilder report = new StringBuilder("# Recommendations benchmark\n\n");
    private PrintWriter console;

    @Override
    public Integer call() throws Exception {
        console = spec.commandLine().getOut();
        StackAccess stack = StackAccess.fromEnvironment();
        String api = stack.queryApiUrl();
        apiKey = stack.api().apiKey();
        Vertx vertx = Vertx.vertx();
        Pool pool = Clients.postgres(vertx, stack.connections(), 2, "recommend-bench");
        try {
            List<Long> ids = new ArrayList<>();
            List<Integer> categories = new ArrayList<>();
            List<float[]> vectors = new ArrayList<>();
            List<Boolean> seeded = new ArrayList<>();
            String sql = """
                    SELECT p.id, p.category_id, p.embedding::text, c.name = ANY($1::text[])
                    FROM products p JOIN categories c ON c.id = p.category_id
                    WHERE p.embedding IS NOT NULL ORDER BY p.id""";
            for (Row row : await(pool.preparedQuery(sql).execute(Tuple.of((Object) CatalogGenerator.categoryNames().toArray(String[]::new))))) {
                ids.add(row.getLong(0));
                categories.add(row.getInteger(1));
                vectors.add(Vectors.parse(row.getString(2)));
                seeded.add(row.getBoolean(3));
            }
            if (ids.size() <= K) {
                console.println("the catalog has too few embedded products: run infra/load (it seeds the catalog) and wait for the embeddings");
                return 1;
            }
            section("Quality on the catalog (%,d embedded products, queried from the %,d of the seeded catalog's categories; ef_search %d)",
                    ids.size(), seeded.stream().filter(b -> b).count(), efSearch);
            catalogQuality(pool, ids, categories, vectors, seeded);
            if (synthetic > 0) {
                section("Recall on %,d synthetic vectors of %d dimensions", synthetic, DIMENSIONS);
                syntheticRecall(pool);
            }
            List<Long> customers = new ArrayList<>();
            await(pool.query("SELECT DISTINCT customer_id FROM customer_affinity TABLESAMPLE SYSTEM (1) LIMIT 200").execute())
                    .forEach(row -> customers.add(row.getLong(0)));
            List<String> words = catalogWords(pool);
            section("Latency (%d requests per endpoint and concurrency, after warm-up)", requests);
            latency(api, ids, customers, words);
            Path file = out != null ? out : Path.of("bench-results", "recommend-" + FOLDER.format(Instant.now()) + ".md");
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, report);
            console.printf("%nreport: %s%n", file.toAbsolutePath());
            return 0;
        } finally {
            pool.close();
            vertx.close();
        }
    }

    /** Queries products of the seeded catalog (products added by hand or by tests are neighbours, not queries). */
    private void catalogQuality(Pool pool, List<Long> ids, List<Integer> categories, List<float[]> vectors, List<Boolean> seeded)
            throws Exception {
        List<Integer> queryable = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (seeded.get(i)) {
                queryable.add(i);
            }
        }
        if (queryable.isEmpty()) {
            line("no products in the seeded catalog's categories", "%s", "skipped");
            return;
        }
        SplittableRandom random = new SplittableRandom(7);
        double recall = 0;
        double sameCategory = 0;
        IntrinsicDimension dimension = new IntrinsicDimension();
        int n = Math.min(queries, queryable.size());
        for (int q = 0; q < n; q++) {
            int i = queryable.get(random.nextInt(queryable.size()));
            Neighbours exact = exactNearest(vectors, ids, vectors.get(i), ids.get(i));
            List<Long> indexed = indexNearest(pool, "products", vectors.get(i), ids.get(i), efSearch);
            recall += recall(vectors, ids, vectors.get(i), exact, indexed);
            dimension.add(exact.distances());
            long same = indexed.stream().filter(id -> categories.get(ids.indexOf(id)).equals(categories.get(i))).count();
            sameCategory += same / (double) K;
        }
        line("recall@10 of the HNSW index against exact search", "%.4f", recall / n);
        line("share of the 10 similar products in the product's category", "%.4f", sameCategory / n);
        line("intrinsic dimension of the embeddings (MLE, 10 nearest)", "%.1f over %d products", dimension.estimate(), dimension.points());
    }

    private void syntheticRecall(Pool pool) throws Exception {
        SyntheticVectors shape = new SyntheticVectors(syntheticShape, syntheticIntrinsicDimension, 11);
        line("shape", "%s", shape.describe());
        float[][] data = shape.sample(synthetic, new SplittableRandom(12));
        long started = System.nanoTime();
        await(pool.query("DROP TABLE IF EXISTS bench_vectors").execute());
        await(pool.query("CREATE UNLOGGED TABLE bench_vectors (id bigint PRIMARY KEY, embedding vector(" + DIMENSIONS + ") NOT NULL)").execute());
        int batch = 2000;
        for (int from = 0; from < data.length; from += batch) {
            int to = Math.min(data.length, from + batch);
            Long[] idBatch = new Long[to - from];
            String[] textBatch = new String[to - from];
            for (int i = from; i < to; i++) {
                idBatch[i - from] = (long) i;
                textBatch[i - from] = Vectors.format(data[i]);
            }
            await(pool.preparedQuery("INSERT INTO bench_vectors SELECT * FROM unnest($1::bigint[], $2::text[]::vector[])")
                    .execute(Tuple.tuple().addValue(idBatch).addValue(textBatch)));
        }
        line("loaded in", "%.1f s", (System.nanoTime() - started) / 1e9);
        started = System.nanoTime();
        await(pool.withConnection(conn -> conn.query("SET maintenance_work_mem = '4GB'").execute()
                .compose(v -> conn.query("CREATE INDEX ON bench_vectors USING hnsw (embedding vector_cosine_ops) WITH (m = "
                        + syntheticM + ", ef_construction = " + syntheticEfConstruction + ")").execute())));
        line("HNSW index (m " + syntheticM + ", ef_construction " + syntheticEfConstruction + ") built in", "%.1f s",
                (System.nanoTime() - started) / 1e9);
        SplittableRandom random = new SplittableRandom(13);
        List<Long> all = new ArrayList<>(data.length);
        for (long i = 0; i < data.length; i++) {
            all.add(i);
        }
        List<float[]> vectors = Arrays.asList(data);
        int n = Math.min(queries, 100);
        List<float[]> queryVectors = new ArrayList<>(n);
        List<Neighbours> exact = new ArrayList<>(n);
        IntrinsicDimension dimension = new IntrinsicDimension();
        for (int q = 0; q < n; q++) {
            queryVectors.add(shape.next(random));
            exact.add(exactNearest(vectors, all, queryVectors.get(q), -1));
            dimension.add(exact.get(q).distances());
        }
        line("intrinsic dimension (MLE, 10 nearest)", "%.1f over %d queries", dimension.estimate(), dimension.points());
        // A fresh index is not in the cache yet: one pass first, so no ef_search value is measured cold.
        for (float[] query : queryVectors) {
            indexNearest(pool, "bench_vectors", query, -1, syntheticEfSearch.get(0));
        }
        for (int ef : syntheticEfSearch) {
            Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
            double recall = 0;
            for (int q = 0; q < n; q++) {
                long t = System.nanoTime();
                List<Long> indexed = indexNearest(pool, "bench_vectors", queryVectors.get(q), -1, ef);
                latency.recordValue((System.nanoTime() - t) / 1000);
                recall += recall(vectors, all, queryVectors.get(q), exact.get(q), indexed);
            }
            line("ef_search " + ef + ": recall@10 against exact search", "%.4f", recall / n);
            line("ef_search " + ef + ": nearest-10 query through the index, p50 / p99", "%.2f / %.2f ms",
                    latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0);
        }
        await(pool.query("DROP TABLE bench_vectors").execute());
    }

    private void latency(String api, List<Long> products, List<Long> customers, List<String> words) throws Exception {
        List<Endpoint> endpoints = new ArrayList<>(List.of(
                new Endpoint("baseline: /v1/products?limit=1", i -> "/v1/products?limit=1"),
                new Endpoint("products/{id}/similar", i -> "/v1/products/" + products.get(i % products.size()) + "/similar?limit=10"),
                new Endpoint("products/{id}/similar, category + inStock", i -> "/v1/products/" + products.get(i % products.size())
                        + "/similar?limit=10&inStock=true&category=books"),
                new Endpoint("search", i -> "/v1/search?limit=10&q=" + URLEncoder.encode(words.get(i % words.size()) + " "
                        + words.get((i * 7 + 3) % words.size()), StandardCharsets.UTF_8))));
        if (!customers.isEmpty()) {
            endpoints.add(new Endpoint("customers/{id}/recommendations", i -> "/v1/customers/" + customers.get(i % customers.size())
                    + "/recommendations?limit=10"));
        }
        report.append("| endpoint | clients | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|\n");
        console.printf("  %-44s %7s %9s %9s %6s%n", "endpoint", "clients", "p50 ms", "p99 ms", "errors");
        for (Endpoint endpoint : endpoints) {
            for (int clients : new int[] {1, 32}) {
                run(api, endpoint, clients, Math.max(20, requests / 10), null);
                Histogram histogram = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
                int errors = run(api, endpoint, clients, requests, histogram);
                double p50 = histogram.getValueAtPercentile(50) / 1000.0;
                double p99 = histogram.getValueAtPercentile(99) / 1000.0;
                console.printf(Locale.ROOT, "  %-44s %7d %9.2f %9.2f %6d%n", endpoint.name(), clients, p50, p99, errors);
                report.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %d |%n", endpoint.name(), clients, p50, p99, errors));
            }
        }
    }

    /** One endpoint: a name and the request path for the i-th request. */
    private record Endpoint(String name, IntFunction<String> path) {
    }

    private int run(String api, Endpoint endpoint, int clients, int total, Histogram histogram) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        // Handlers ignore parameters they do not know, but the cache key holds every one: a miss each time.
                        String path = endpoint.path().apply(i) + "&uncached=" + UUID.randomUUID();
                        HttpRequest request = HttpRequest.newBuilder(URI.create(api + path))
                                .header(ApiKeySecrets.HEADER, apiKey).timeout(Duration.ofMinutes(1)).build();
                        long started = System.nanoTime();
                        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (histogram != null) {
                            synchronized (histogram) {
                                histogram.recordValue(Math.min((System.nanoTime() - started) / 1000, histogram.getHighestTrackableValue()));
                            }
                        }
                        if (status != 200) {
                            errors.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            return errors.get();
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Long> indexNearest(Pool pool, String table, float[] query, long exclude, int efSearch) throws Exception {
        String sql = "SELECT id FROM " + table + " WHERE id <> $2 ORDER BY embedding <=> $1::vector LIMIT " + K;
        return await(pool.withTransaction((SqlConnection conn) -> conn.query("SET LOCAL hnsw.ef_search = " + efSearch
                        + "; SET LOCAL hnsw.iterative_scan = relaxed_order").execute()
                .compose(v -> conn.preparedQuery(sql).execute(Tuple.of(Vectors.format(query), exclude)))))
                .stream().map(row -> row.getLong(0)).toList();
    }

    /** The K nearest neighbours of a query, nearest first, with their cosine similarities. */
    private record Neighbours(List<Long> ids, double[] similarities) {

        double kthSimilarity() {
            return similarities[K - 1];
        }

        double[] distances() {
            return Arrays.stream(similarities).map(IntrinsicDimension::unitDistance).toArray();
        }
    }

    /** The K nearest by cosine distance, by brute force: the ground truth. */
    private static Neighbours exactNearest(List<float[]> vectors, List<Long> ids, float[] query, long exclude) {
        int[] best = new int[K];
        double[] bestScore = new double[K];
        Arrays.fill(bestScore, Double.NEGATIVE_INFINITY);
        double queryNorm = Math.sqrt(dot(query, query));
        for (int i = 0; i < vectors.size(); i++) {
            if (ids.get(i) == exclude) {
                continue;
            }
            float[] v = vectors.get(i);
            double score = dot(query, v) / (queryNorm * Math.sqrt(dot(v, v)));
            if (score > bestScore[K - 1]) {
                int at = K - 1;
                while (at > 0 && bestScore[at - 1] < score) {
                    bestScore[at] = bestScore[at - 1];
                    best[at] = best[at - 1];
                    at--;
                }
                bestScore[at] = score;
                best[at] = i;
            }
        }
        List<Long> nearest = new ArrayList<>(K);
        for (int i : best) {
            nearest.add(ids.get(i));
        }
        return new Neighbours(nearest, bestScore);
    }

    /**
     * The share of the K true neighbours the index found. A found result as close to the query as
     * the K-th true neighbour counts as found: among equally distant vectors (duplicated texts) any
     * choice is exact.
     */
    private static double recall(List<float[]> vectors, List<Long> ids, float[] query, Neighbours exact, List<Long> found) {
        return found.stream()
                .filter(id -> exact.ids().contains(id) || cosine(query, vectors.get(ids.indexOf(id))) >= exact.kthSimilarity() - 1e-6)
                .count() / (double) K;
    }

    private static double cosine(float[] a, float[] b) {
        return dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private List<String> catalogWords(Pool pool) throws Exception {
        List<String> words = new ArrayList<>();
        await(pool.query("SELECT DISTINCT lower(w) FROM products, regexp_split_to_table(name, ' ') AS w ORDER BY 1 LIMIT 500").execute())
                .forEach(row -> words.add(row.getString(0)));
        return words;
    }

    private void section(String format, Object... args) {
        String title = String.format(Locale.ROOT, format, args);
        console.printf("%n%s%n", title);
        report.append("\n## ").append(title).append("\n\n");
    }

    private void line(String what, String format, Object... args) {
        String value = String.format(Locale.ROOT, format, args);
        console.printf("  %-56s %s%n", what, value);
        report.append("- ").append(what).append(": ").append(value).append('\n');
    }

    private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.await(2, TimeUnit.HOURS);
    }
}
