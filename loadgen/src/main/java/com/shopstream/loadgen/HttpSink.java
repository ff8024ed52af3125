package com.shopstream.loadgen;

import com.shopstream.common.api.ApiKeySecrets;
import com.shopstream.contract.EventJsonWriter;
import com.shopstream.contract.ShopEvent;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Posts events to ingest's {@code POST /v1/events} as JSON arrays, with a bounded number of
 * requests in flight. An event counts as acknowledged only on a 202.
 */
final class HttpSink implements EventSink {

    private static final int MAX_IN_FLIGHT = 16;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final String apiKey;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final Deliveries deliveries = new Deliveries();

    HttpSink(String ingestUrl, String apiKey) {
        this.endpoint = URI.create(ingestUrl + "/v1/events");
        this.apiKey = apiKey;
    }

    @Override
    public void send(List<ShopEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        inFlight.acquireUninterruptibly();
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header(ApiKeySecrets.HEADER, apiKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(toJsonArray(events)))
                .build();
        int count = events.size();
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            inFlight.release();
            if (error == null && response.statusCode() == 202) {
                deliveries.acknowledged(count);
            } else {
                deliveries.failed(count, error != null ? error.toString() : response.statusCode() + " " + abbreviate(response.body()));
            }
        });
    }

    @Override
    public void flush(Duration timeout) {
        try {
            if (inFlight.tryAcquire(MAX_IN_FLIGHT, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                inFlight.release(MAX_IN_FLIGHT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
