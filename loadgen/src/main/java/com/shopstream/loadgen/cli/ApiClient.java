package com.shopstream.loadgen.cli;

import com.shopstream.common.Settings;
import com.shopstream.common.api.ApiKeySecrets;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A small client for the analytics API, with the local API key, for the report, the verification
 * and the benchmarks. A blocking read the API refuses for a while (503, 429, or a connection
 * refused while query-api restarts) is tried again for up to {@link #RETRY_BUDGET}.
 */
public final class ApiClient {

    static final Duration RETRY_BUDGET = Duration.ofMinutes(2);
    private static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String apiKey;

    ApiClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    /** The key {@code infra/up} made for this machine. */
    static String localKey(Settings settings) {
        return ApiKeySecrets.local(settings, Path.of(".stack"));
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String apiKey() {
        return apiKey;
    }

    /** A request to the API, with the key. */
    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).header(ApiKeySecrets.HEADER, apiKey);
    }

    public JsonObject get(String pathAndQuery) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + RETRY_BUDGET.toNanos();
        while (true) {
            HttpResponse<String> response;
            try {
                response = client.send(get(pathAndQuery, Duration.ofSeconds(30)), HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(RETRY_INTERVAL.toMillis());
                continue;
            }
            boolean unavailable = response.statusCode() == 503 || response.statusCode() == 429;
            if (!unavailable || System.nanoTime() > deadline) {
                return parse(pathAndQuery, response);
            }
            Thread.sleep(RETRY_INTERVAL.toMillis());
        }
    }

    public CompletableFuture<JsonObject> getAsync(String pathAndQuery) {
        return client.sendAsync(get(pathAndQuery, Duration.ofSeconds(30)), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> parse(pathAndQuery, response));
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpRequest get(String pathAndQuery, Duration timeout) {
        return request(pathAndQuery).timeout(timeout).GET().build();
    }

    private static JsonObject parse(String pathAndQuery, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
        }
        return new JsonObject(response.body());
    }
}
