package com.shopstream.it;

import static com.shopstream.it.PipelineEndToEndIT.jsonArray;
import static com.shopstream.it.TestData.line;
import static com.shopstream.it.TestData.now;
import static com.shopstream.it.TestData.order;
import static com.shopstream.it.TestData.product;
import static com.shopstream.it.TestData.uniqueId;
import static com.shopstream.it.TestData.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.ShopEvent;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Ingest, and the Kafka broker under it, killed with SIGKILL while a client posts orders as a real
 * client would: sending a request again when it is refused (503) or cut off. The supervisor restarts
 * what was killed; every order the client was told was accepted, and only those, count once. And
 * query-api killed while a client reads: refused or cut off, never a wrong or failed answer.
 */
@Tag(Stack.LOCAL_ONLY)
class ServiceKillsIT {

    private static final int REQUESTS = 60;
    private static final Duration PAUSE_BETWEEN_REQUESTS = Duration.ofMillis(100);
    private static final Duration RETRY_BUDGET = Duration.ofMinutes(2);

    private final Stack stack = Stack.INSTANCE;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    @DisplayName("Ingest killed with -9 mid-stream: the client's retries land, each accepted order counts once")
    void ingestKilled() throws Exception {
        postWhileKilling("ingest");
    }

    @Test
    @DisplayName("The Kafka broker killed with -9 mid-stream: ingest answers 503 meanwhile, each accepted order counts once")
    void brokerKilled() throws Exception {
        postWhileKilling("kafka");
    }

    @Test
    @DisplayName("query-api killed with -9 mid-read: each read is refused or cut off, or answers the exact totals; never a 500")
    void queryApiKilled() throws Exception {
        String region = uniqueName("it-kill-query-api");
        long product = product(stack, uniqueName("it-cat"), "2.50");
        Expected expected = new Expected();
        List<ShopEvent> orders = List.of(order(uniqueId(), region, now(), line(product, 2, "2.50")),
                order(uniqueId(), region, now(), line(product, 5, "2.50")));
        orders.forEach(expected::add);
        assertThat(stack.postEvents(jsonArray(orders)).statusCode()).isEqualTo(202);
        stack.awaitCaughtUp(stack.timeout());
        HttpRequest read = HttpRequest.newBuilder(URI.create(stack.queryApi + "/v1/sales/realtime?window=15m&groupBy=region"))
                .timeout(Duration.ofSeconds(10)).header("X-API-Key", stack.apiKey).build();

        CompletableFuture<List<String>> reading = CompletableFuture.supplyAsync(() -> readUntilStopped(read, region, expected));
        TimeUnit.SECONDS.sleep(1);
        stack.awaitRestarted("query-api", stack.killNine("query-api"));
        stopReading = Instant.now();
        List<String> outcomes = reading.get(3, TimeUnit.MINUTES);

        assertThat(outcomes).as("answers while query-api was killed and restarted").isNotEmpty()
                .allMatch(o -> o.equals("exact") || o.equals("503") || o.equals("cut off"));
        assertThat(outcomes.get(outcomes.size() - 1)).as("the last answer, once restarted").isEqualTo("exact");
        assertThat(outcomes).as("some reads failed while it was down").contains("cut off");
    }

    private volatile Instant stopReading = Instant.MAX;

    /** Reads until told to stop and then answered exactly; names each outcome. */
    private List<String> readUntilStopped(HttpRequest read, String region, Expected expected) {
        List<String> outcomes = new ArrayList<>();
        try {
            while (true) {
                String outcome;
                try {
                    HttpResponse<String> response = client.send(read, HttpResponse.BodyHandlers.ofString());
                    outcome = response.statusCode() == 200 ? exactOrNot(new JsonObject(response.body()), region, expected)
                            : Integer.toString(response.statusCode());
                } catch (java.io.IOException cutOff) {
                    outcome = "cut off";
                }
                outcomes.add(outcome);
                if (Instant.now().isAfter(stopReading) && outcome.equals("exact")) {
                    return outcomes;
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return outcomes;
        }
    }

    private static String exactOrNot(JsonObject answer, String region, Expected expected) {
        JsonObject group = answer.getJsonArray("groups").stream().map(JsonObject.class::cast)
                .filter(g -> region.equals(g.getString("key"))).findFirst().orElse(null);
        try {
            expected.assertMatches(group, "the region's window");
            return "exact";
        } catch (AssertionError wrong) {
            return "wrong: " + wrong.getMessage();
        }
    }

    private void postWhileKilling(String component) throws Exception {
        String region = uniqueName("it-kill-" + component);
        long product = product(stack, uniqueName("it-cat"), "2.50");
        Instant from = now().minus(Duration.ofMinutes(2));

        CompletableFuture<Expected> posting = CompletableFuture.supplyAsync(() -> post(region, product));
        TimeUnit.SECONDS.sleep(2);
        stack.awaitRestarted(component, stack.killNine(component));
        Expected accepted = posting.get(5, TimeUnit.MINUTES);

        assertThat(accepted.orders).as("orders accepted").isEqualTo(REQUESTS * 2L);
        stack.awaitCaughtUp(Duration.ofMinutes(3));
        accepted.assertMatches(stack.regionTotals(region, from, now().plus(Duration.ofMinutes(2))), "the region's orders");
        JsonObject realtime = stack.getJson("/v1/sales/realtime?window=15m&groupBy=region").getJsonArray("groups").stream()
                .map(JsonObject.class::cast).filter(g -> region.equals(g.getString("key"))).findFirst().orElse(null);
        accepted.assertMatches(realtime, "the region's realtime window");
    }

    /** Posts two orders per request; a request refused or cut off is sent again, unchanged, until it is accepted. */
    private Expected post(String region, long product) {
        Expected accepted = new Expected();
        try {
            for (int i = 0; i < REQUESTS; i++) {
                List<ShopEvent> orders = new ArrayList<>();
                orders.add(order(uniqueId(), region, now(), line(product, 1, "2.50")));
                orders.add(order(uniqueId(), region, now(), line(product, 3, "2.50")));
                HttpRequest request = HttpRequest.newBuilder(URI.create(stack.ingest + "/v1/events"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json").header("X-API-Key", stack.apiKey)
                        .POST(HttpRequest.BodyPublishers.ofString(jsonArray(orders), StandardCharsets.UTF_8)).build();
                sendUntilAccepted(request);
                orders.forEach(accepted::add);
                Thread.sleep(PAUSE_BETWEEN_REQUESTS.toMillis());
            }
            return accepted;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void sendUntilAccepted(HttpRequest request) throws InterruptedException {
        Instant deadline = Instant.now().plus(RETRY_BUDGET);
        String last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    return;
                }
                assertThat(response.statusCode()).as("only 202 or 503: " + response.body()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
                last = "503 " + response.body();
            } catch (java.io.IOException cutOff) {
                last = cutOff.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not accepted within " + RETRY_BUDGET + "; last: " + last);
    }
}
