package com.shopstream.loadgen.verify;

import com.shopstream.loadgen.cli.StackAccess;
import com.shopstream.common.api.ApiKeySecrets;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints, for a person, what the analytics API reports right now. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Print what the analytics API reports now.")
public final class ReportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--window", defaultValue = "5m", description = "Realtime window: 1m, 5m, 15m or 1h (default ${DEFAULT-VALUE}).")
    private String window;

    @Option(names = "--top", defaultValue = "5", description = "Rows per table (default ${DEFAULT-VALUE}).")
    private int top;

    private static final String SEARCH = "gift for a runner";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String apiKey;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        StackAccess stack = StackAccess.fromEnvironment();
        String api = stack.queryApiUrl();
        apiKey = stack.api().apiKey();
        JsonObject byCategory = get(api + "/v1/sales/realtime?window=" + window + "&groupBy=category");
        JsonObject byRegion = get(api + "/v1/sales/realtime?window=" + window + "&groupBy=region");
        JsonObject products = get(api + "/v1/products/top?window=" + window + "&limit=" + top);
        JsonObject status = get(api + "/v1/pipeline/status");

        JsonObject totals = byCategory.getJsonObject("totals");
        out.printf("%nWhat the API reports for the last %s (event time, as of %s)%n", window, byCategory.getString("asOf"));
        out.printf("  revenue %s   orders %,d   units %,d   distinct customers %,d%n",
                money(totals.getValue("revenue")), totals.getLong("orders"), totals.getLong("units"),
                byCategory.getLong("distinctCustomers"));
        printGroups(out, "Top categories", byCategory.getJsonArray("groups"));
        printGroups(out, "Top regions", byRegion.getJsonArray("groups"));

        out.printf("%n  %-44s %14s %8s%n", "Top products", "revenue", "units");
        for (Object o : products.getJsonArray("products")) {
            JsonObject p = (JsonObject) o;
            String name = p.getString("name") == null ? "#" + p.getLong("productId") : p.getString("name");
            out.printf("    %-42s %14s %,8d%n", abbreviate(name + " (" + p.getString("category") + ")", 42),
                    money(p.getValue("revenue")), p.getLong("units"));
        }

        printRecommendations(out, api, products.getJsonArray("products"));

        out.printf("%nPipeline%n");
        out.printf("  events stored %,d   duplicates dropped %,d   late %,d   dead-lettered %,d%n",
                status.getLong("eventsStored"), status.getLong("duplicatesDropped"), status.getLong("lateEvents"),
                status.getLong("deadLettered"));
        out.printf("  consumer lag %s   watermark %s   last event at %s%n",
                status.getValue("consumerLag") == null ? "unknown" : String.format("%,d", status.getLong("consumerLag")),
                status.getString("watermark"), status.getString("lastEventAt"));
        out.flush();
        return 0;
    }

    /** Products similar to the best seller, and a hybrid search, when the catalog's embeddings are ready. */
    private void printRecommendations(PrintWriter out, String api, JsonArray bestSellers) throws Exception {
        if (bestSellers.isEmpty()) {
            return;
        }
        JsonObject best = bestSellers.getJsonObject(0);
        try {
            JsonObject similar = get(api + "/v1/products/" + best.getLong("productId") + "/similar?limit=" + top);
            out.printf("%n  %-44s %14s %8s%n", abbreviate("Similar to " + best.getString("name"), 44), "price", "score");
            for (Object o : similar.getJsonArray("similar")) {
                JsonObject p = (JsonObject) o;
                out.printf("    %-42s %14s %8s%n", abbreviate(p.getString("name") + " (" + p.getString("category") + ")", 42),
                        money(p.getValue("price")), p.getValue("score"));
            }
            JsonObject search = get(api + "/v1/search?limit=" + top + "&q=" + URLEncoder.encode(SEARCH, StandardCharsets.UTF_8));
            out.printf("%n  %-44s %14s %8s%n", "Search \"" + SEARCH + "\"", "text rank", "vector");
            for (Object o : search.getJsonArray("results")) {
                JsonObject p = (JsonObject) o;
                out.printf("    %-42s %14s %8s%n", abbreviate(p.getString("name") + " (" + p.getString("category") + ")", 42),
                        p.getValue("textRank") == null ? "-" : p.getValue("textRank"),
                        p.getValue("vectorRank") == null ? "-" : p.getValue("vectorRank"));
            }
        } catch (IllegalStateException e) {
            out.printf("%n  recommendations not ready yet: %s%n", e.getMessage());
        }
    }

    private void printGroups(PrintWriter out, String title, JsonArray groups) {
        out.printf("%n  %-44s %14s %8s %8s%n", title, "revenue", "orders", "units");
        groups.stream().limit(top).forEach(o -> {
            JsonObject g = (JsonObject) o;
            out.printf("    %-42s %14s %,8d %,8d%n", abbreviate(g.getString("key"), 42), money(g.getValue("revenue")),
                    g.getLong("orders"), g.getLong("units"));
        });
    }

    private JsonObject get(String url) throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create(url)).header(ApiKeySecrets.HEADER, apiKey).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return new JsonObject(response.body());
    }

    private static String money(Object amount) {
        return String.format("%,.2f", new BigDecimal(amount.toString()));
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
