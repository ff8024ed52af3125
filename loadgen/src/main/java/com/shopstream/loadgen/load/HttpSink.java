package com.shopstream.loadgen.load;

import com.shopstream.common.api.ApiKeySecrets;
import com.shopstream.contract.EventJsonWriter;
import com.shopstream.contract.ShopEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Posts events to ingest's {@code POST /v1/events} as JSON arrays, over a fixed number of lanes: a
 * customer's events always take the same lane, and a lane posts one request at a time, so they
 * reach Kafka in the order they were sent (an order before its cancellation), as from a shop whose
 * sessions each post in turn. Sending blocks while too many requests wait. An event counts as
 * acknowledged only on a 202. A request refused for a while (503 or 429, answered with
 * {@code Retry-After}) or cut off (a connection refused, reset or closed) is sent again, as a real
 * client would, after the time the service asked for or a growing backoff, for up to
 * {@link #RETRY_BUDGET}; only then are its events counted as failed. Retries stay in their lane, so order is kept.
 */
final class HttpSink implements EventSink {

    static final int LANES = 16;
    static final Duration RETRY_BUDGET = Duration.ofMinutes(3);
    private static final Set<Integer> RETRIABLE_STATUSES = Set.of(429, 502, 503, 504);
    private static final long MAX_BACKOFF_MILLIS = 8_000;
    private static final int MAX_WAITING = 4 * LANES;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final String apiKey;
    private final Semaphore waiting = new Semaphore(MAX_WAITING);
    private final Deliveries deliveries = new Deliveries();
    private final Consumer<ShopEvent> onAcknowledged;
    @SuppressWarnings("unchecked")
    private final CompletableFuture<Void>[] lanes = new CompletableFuture[LANES];

    HttpSink(String ingestUrl, String apiKey, Consumer<ShopEvent> onAcknowledged) {
        this.endpoint = URI.create(ingestUrl + "/v1/events");
        this.apiKey = apiKey;
        this.onAcknowledged = onAcknowledged;
        Arrays.fill(lanes, CompletableFuture.completedFuture(null));
    }

    @Override
    public CompletableFuture<Void> send(List<ShopEvent> events) {
        List<List<ShopEvent>> byLane = new ArrayList<>(LANES);
        for (int i = 0; i < LANES; i++) {
            byLane.add(new ArrayList<>());
        }
        events.forEach(event -> byLane.get(Math.floorMod(Long.hashCode(event.customerId()), LANES)).add(event));
        List<CompletableFuture<Void>> posts = new ArrayList<>();
        for (int lane = 0; lane < LANES; lane++) {
            List<ShopEvent> chunk = byLane.get(lane);
            if (!chunk.isEmpty()) {
                waiting.acquireUninterruptibly();
                lanes[lane] = lanes[lane].thenCompose(previous -> post(chunk)).whenComplete((v, e) -> waiting.release());
                posts.add(lanes[lane]);
            }
        }
        return CompletableFuture.allOf(posts.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> post(List<ShopEvent> events) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header(ApiKeySecrets.HEADER, apiKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(toJsonArray(events)))
                .build();
        return attempt(request, events, System.nanoTime() + RETRY_BUDGET.toNanos(), 0);
    }

    private CompletableFuture<Void> attempt(HttpRequest request, List<ShopEvent> events, long deadlineNanos, int attempt) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            if (error == null && response.statusCode() == 202) {
                deliveries.acknowledged(events.size());
                events.forEach(onAcknowledged);
                return CompletableFuture.<Void>completedFuture(null);
            }
            String why = error != null ? error.toString() : response.statusCode() + " " + abbreviate(response.body());
            long waitMillis = retryAfterMillis(response, error, attempt);
            if (waitMillis < 0 || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis) > deadlineNanos) {
                deliveries.failed(events.size(), why);
                return CompletableFuture.<Void>completedFuture(null);
            }
            deliveries.resent(events.size());
            return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(waitMillis, TimeUnit.MILLISECONDS))
                    .thenCompose(v -> attempt(request, events, deadlineNanos, attempt + 1));
        }).thenCompose(next -> next);
    }

    /** How long to wait before sending again: what the service asked for, or a growing backoff; -1 when a retry cannot help. */
    static long retryAfterMillis(HttpResponse<?> response, Throwable error, int attempt) {
        if (error != null) {
            // Refused, reset, or cut off mid-answer: the events may or may not have reached Kafka, and sending
            // them again is safe because the pipeline drops a repeated eventId.
            return error instanceof IOException || error.getCause() instanceof IOException ? backoff(attempt) : -1;
        }
        if (!RETRIABLE_STATUSES.contains(response.statusCode())) {
            return -1;
        }
        return response.headers().firstValue("Retry-After")
                .map(seconds -> {
                    try {
                        return Math.min(MAX_BACKOFF_MILLIS * 4, Math.max(0, Long.parseLong(seconds.trim())) * 1000);
                    } catch (NumberFormatException e) {
                        return backoff(attempt);
                    }
                })
                .orElseGet(() -> backoff(attempt));
    }

    private static long backoff(int attempt) {
        return Math.min(MAX_BACKOFF_MILLIS, 250L << Math.min(attempt, 5));
    }

    @Override
    public void flush(Duration timeout) {
        try {
            CompletableFuture.allOf(lanes).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // failures are counted in the deliveries; what is still waiting after the timeout is reported as not acknowledged
        }
    }

    @Override
    public Deliveries deliveries() {
        return deliveries;
    }

    @Override
    public void close() {
        flush(Duration.ofSeconds(30));
    }

    private static byte[] toJsonArray(List<ShopEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(events.size() * 256);
        out.write('[');
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(EventJsonWriter.write(events.get(i)));
        }
        out.write(']');
        return out.toByteArray();
    }

    private static String abbreviate(String body) {
        return body == null || body.length() <= 200 ? body : body.substring(0, 200) + "...";
    }
}
