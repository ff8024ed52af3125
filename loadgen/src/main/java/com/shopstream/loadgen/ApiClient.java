package com.shopstream.loadgen;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A small blocking client for the analytics API, for the report and the verification. */
final class ApiClient {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    String baseUrl() {
        return baseUrl;
    }

    JsonObject get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request(pathAndQuery), HttpResponse.BodyHandlers.ofString());
        return parse(pathAndQuery, response);
    }

    CompletableFuture<JsonObject> getAsync(String pathAndQuery) {
        return client.sendAsync(request(pathAndQuery), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> parse(pathAndQuery, response));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpRequest request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(Duration.ofSeconds(30)).GET().build();
    }

    private static JsonObject parse(String pathAndQuery, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
        }
        return new JsonObject(response.body());
    }
}
