package com.shopstream.loadgen;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Query-api latency under concurrent clients: each client sends its next request as soon as the
 * previous one is answered, cycling through the endpoints, and each answer's latency is recorded
 * per endpoint (microseconds). Non-200 answers count as errors.
 */
final class ApiLatencyBenchmark {

    record Endpoint(String name, String path) {
    }

    record Result(Endpoint endpoint, Histogram latency, long errors) {
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    ApiLatencyBenchmark(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    List<Result> run(List<Endpoint> endpoints, int clients, Duration duration) throws InterruptedException {
        Map<Endpoint, Recorder> recorders = new LinkedHashMap<>();
        Map<Endpoint, AtomicLong> errors = new LinkedHashMap<>();
        endpoints.forEach(e -> {
            recorders.put(e, new Recorder(3));
            errors.put(e, new AtomicLong());
        });
        long end = System.nanoTime() + duration.toNanos();
        CountDownLatch done = new CountDownLatch(clients);
        AtomicInteger next = new AtomicInteger();
        for (int c = 0; c < clients; c++) {
            request(endpoints, next, recorders, errors, end, done);
        }
        done.await();
        return endpoints.stream()
                .map(e -> new Result(e, recorders.get(e).getIntervalHistogram(), errors.get(e).get()))
                .toList();
    }

    private void request(List<Endpoint> endpoints, AtomicInteger next, Map<Endpoint, Recorder> recorders,
                         Map<Endpoint, AtomicLong> errors, long end, CountDownLatch done) {
        if (System.nanoTime() >= end) {
            done.countDown();
            return;
        }
        Endpoint endpoint = endpoints.get(Math.floorMod(next.getAndIncrement(), endpoints.size()));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + endpoint.path()))
                .timeout(Duration.ofSeconds(30)).GET().build();
        long started = System.nanoTime();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            long micros = (System.nanoTime() - started) / 1000;
            if (failure == null && response.statusCode() == 200) {
                recorders.get(endpoint).recordValue(micros);
            } else {
                errors.get(endpoint).incrementAndGet();
            }
            request(endpoints, next, recorders, errors, end, done);
        });
    }
}
