package com.shopstream.loadgen.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.EventType;
import com.shopstream.contract.ShopEvent;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on loopback that answers as ingest does when Kafka is away. */
class HttpSinkTest {

    private final AtomicInteger requests = new AtomicInteger();
    private final List<ShopEvent> acknowledged = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private String serve(int refusals, int refusalStatus) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/events", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean refuse = requests.incrementAndGet() <= refusals;
            byte[] body = (refuse ? "{\"error\":\"Kafka is unreachable\"}" : "{\"accepted\":1}").getBytes(StandardCharsets.UTF_8);
            if (refuse) {
                exchange.getResponseHeaders().add("Retry-After", "0");
            }
            exchange.sendResponseHeaders(refuse ? refusalStatus : 202, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    @DisplayName("Events refused with 503 and Retry-After are sent again until accepted, and count as acknowledged once")
    void retriesUnavailable() throws Exception {
        try (HttpSink sink = new HttpSink(serve(2, 503), "shs_test", acknowledged::add)) {
            ShopEvent event = view(7);
            sink.send(List.of(event)).get();

            assertThat(requests).hasValue(3);
            assertThat(sink.deliveries().acknowledged()).isEqualTo(1);
            assertThat(sink.deliveries().failed()).isZero();
            assertThat(sink.deliveries().resent()).isEqualTo(2);
            assertThat(acknowledged).as("told of the acknowledgement once").containsExactly(event);
        }
    }

    @Test
    @DisplayName("A request cut off before its answer (ingest killed mid-request) is sent again, and counts once")
    void retriesCutOffRequests() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/events", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (requests.incrementAndGet() == 1) {
                exchange.close(); // no status line: the client reads end of stream
                return;
            }
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        server.start();
        try (HttpSink sink = new HttpSink("http://127.0.0.1:" + server.getAddress().getPort(), "shs_test", acknowledged::add)) {
            sink.send(List.of(view(7))).get();

            assertThat(requests).hasValue(2);
            assertThat(sink.deliveries().acknowledged()).isEqualTo(1);
            assertThat(sink.deliveries().failed()).isZero();
            assertThat(sink.deliveries().resent()).as("may have reached the pipeline twice").isEqualTo(1);
        }
    }

    @Test
    @DisplayName("Events refused for what they are (400) fail at once: sending them again would not help")
    void doesNotRetryBadRequests() throws Exception {
        try (HttpSink sink = new HttpSink(serve(1, 400), "shs_test", acknowledged::add)) {
            sink.send(List.of(view(7))).get();

            assertThat(requests).hasValue(1);
            assertThat(sink.deliveries().failed()).isEqualTo(1);
            assertThat(sink.deliveries().lastError()).startsWith("400");
            assertThat(acknowledged).as("not owed by the pipeline").isEmpty();
        }
    }

    private static ShopEvent view(long customerId) {
        return new ShopEvent(UUID.randomUUID(), EventType.PRODUCT_VIEWED, Instant.now(), customerId, "s", null, null, List.of(), 3L);
    }
}
