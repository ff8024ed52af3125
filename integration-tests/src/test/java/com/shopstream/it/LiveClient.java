package com.shopstream.it;

import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** A server-sent events subscriber of {@code /v1/stream}: collects the snapshots it receives. */
final class LiveClient implements AutoCloseable {

    private final HttpClient client;
    private final HttpClientResponse response;
    private final List<JsonObject> snapshots = new CopyOnWriteArrayList<>();
    private final StringBuilder pending = new StringBuilder();
    private volatile boolean ended;

    private LiveClient(HttpClient client, HttpClientResponse response) {
        this.client = client;
        this.response = response;
        response.endHandler(v -> ended = true);
        response.exceptionHandler(e -> ended = true);
        response.handler(chunk -> {
            synchronized (pending) {
                pending.append(chunk.toString());
                int end;
                while ((end = pending.indexOf("\n\n")) >= 0) {
                    String event = pending.substring(0, end);
                    pending.delete(0, end + 2);
                    event.lines().filter(line -> line.startsWith("data: "))
                            .forEach(line -> snapshots.add(new JsonObject(line.substring(6))));
                }
            }
        });
    }

    /** Opens {@code url} (with {@code key} as header unless null) and returns the client, whatever the status. */
    static LiveClient open(Stack stack, String url, String key) {
        HttpClient client = stack.vertx.createHttpClient();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url);
        if (key != null) {
            options.putHeader("X-API-Key", key);
        }
        // The handler goes on as the response arrives, on its event loop: a short answer (a 401) may otherwise end first.
        return Stack.await(client.request(options).compose(request -> request.send()).map(response -> new LiveClient(client, response)));
    }

    int status() {
        return response.statusCode();
    }

    String contentType() {
        return response.getHeader("Content-Type");
    }

    /** True once the server ended the stream or closed its connection. */
    boolean ended() {
        return ended;
    }

    int received() {
        return snapshots.size();
    }

    JsonObject latest() {
        return snapshots.get(snapshots.size() - 1);
    }

    /** Waits for a snapshot that satisfies {@code condition}, received after the first {@code after} ones. */
    JsonObject await(int after, Predicate<JsonObject> condition, Duration atMost) {
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(50))
                .until(() -> snapshots.stream().skip(after).anyMatch(condition));
        return snapshots.stream().skip(after).filter(condition).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        client.close();
    }
}
