package com.shopstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Clients that try to take the live updates from everyone else: replayed tokens, revoked keys that
 * keep streaming, one key opening every place, floods of tokens and of guessed keys. Runs against
 * an instance of its own with small caps, so that its refusals do not reach the other tests.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveAbuseIT {

    private static final Stack stack = Stack.INSTANCE;
    private static final Duration SOON = Duration.ofSeconds(10);
    private static final int PER_KEY = 3;
    private static final int FAILURES_PER_MINUTE = 5;
    private static ServiceProcess instance;
    private static String base;

    @BeforeAll
    static void startInstance() throws Exception {
        instance = ServiceProcess.start(stack, "query-api", "SHOP_QUERY_API_PORT", Map.of(
                "SHOP_LIVE_MAX_SUBSCRIBERS_PER_KEY", Integer.toString(PER_KEY),
                "SHOP_AUTH_FAILURES_PER_MINUTE", Integer.toString(FAILURES_PER_MINUTE)), "512m").awaitListening(Duration.ofSeconds(90));
        base = "http://127.0.0.1:" + instance.port();
    }

    @AfterAll
    static void stopInstance() throws Exception {
        instance.close();
    }

    @Test
    @DisplayName("A stream token opens one stream once; replayed, it is refused")
    void tokenOpensOneStreamOnce() {
        String token = token(stack.apiKey);
        try (LiveClient first = LiveClient.open(stack, base + "/v1/stream?token=" + token, null);
             LiveClient replay = LiveClient.open(stack, base + "/v1/stream?token=" + token, null)) {
            assertThat(first.status()).isEqualTo(200);
            assertThat(replay.status()).isEqualTo(401);
        }
    }

    @Test
    @DisplayName("The streams of a revoked key, opened with the key or with its token, end within the key cache's TTL")
    void revokedKeyStreamsEnd() {
        JsonObject created = stack.createKey(TestData.uniqueName("it-live-revoked"), new JsonObject().put("stream", "unlimited"), "read");
        String key = created.getString("key");
        String token = token(key);
        try (LiveClient withKey = LiveClient.open(stack, base + "/v1/stream", key);
             LiveClient withToken = LiveClient.open(stack, base + "/v1/stream?token=" + token, null)) {
            assertThat(withKey.status()).isEqualTo(200);
            assertThat(withToken.status()).isEqualTo(200);
            withKey.await(0, s -> true, SOON);

            HttpResponse<Buffer> revoked = Stack.await(stack.request(HttpMethod.DELETE, stack.queryApi + "/v1/admin/keys/"
                    + created.getLong("id"), stack.apiKey).send());
            assertThat(revoked.statusCode()).isEqualTo(204);

            Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> withKey.ended() && withToken.ended());
        }
    }

    @Test
    @DisplayName("One key holds at most its share of an instance's live places; another key still gets one")
    void subscribersCappedPerKey() {
        String greedy = stack.createKey(TestData.uniqueName("it-live-greedy"), new JsonObject().put("stream", "unlimited"), "read")
                .getString("key");
        List<LiveClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < PER_KEY; i++) {
                open.add(LiveClient.open(stack, base + "/v1/stream", greedy));
                assertThat(open.get(i).status()).isEqualTo(200);
            }
            try (LiveClient refused = LiveClient.open(stack, base + "/v1/stream", greedy);
                 LiveClient other = LiveClient.open(stack, base + "/v1/stream", stack.apiKey)) {
                assertThat(refused.status()).isEqualTo(503);
                assertThat(other.status()).isEqualTo(200);
            }
        } finally {
            open.forEach(LiveClient::close);
        }
    }

    @Test
    @DisplayName("Issuing tokens and opening streams are rate-limited per key (endpoint class stream)")
    void tokensRateLimited() {
        String key = stack.createKey(TestData.uniqueName("it-live-tokens"), null, "read").getString("key");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            statuses.add(Stack.await(stack.request(HttpMethod.POST, base + "/v1/stream/tokens", key).send()).statusCode());
        }
        assertThat(statuses).contains(201, 429);
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: afterwards this address may present no key the instance has not seen valid
    @DisplayName("An address that presents too many unknown keys is refused before a lookup; keys found valid before still work, over HTTP and WebSocket")
    void failedAuthenticationsLimited() {
        assertThat(Stack.await(stack.request(HttpMethod.GET, base + "/v1/products?limit=1", stack.apiKey).send()).statusCode())
                .isEqualTo(200);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < FAILURES_PER_MINUTE + 3; i++) {
            statuses.add(Stack.await(stack.request(HttpMethod.GET, base + "/v1/products?limit=1", "shs_guess" + i).send()).statusCode());
        }
        assertThat(statuses.subList(0, FAILURES_PER_MINUTE)).containsOnly(401);
        assertThat(statuses.subList(FAILURES_PER_MINUTE, statuses.size())).containsOnly(429);
        assertThat(Stack.await(stack.request(HttpMethod.GET, base + "/v1/products?limit=1", stack.apiKey).send()).statusCode())
                .as("a key found valid before").isEqualTo(200);

        WebSocketClient client = stack.vertx.createWebSocketClient();
        try {
            var socket = Stack.await(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(instance.port())
                    .setURI("/v1/ws").addHeader("X-API-Key", "shs_guess-ws")));
            io.vertx.core.Promise<Short> closed = io.vertx.core.Promise.promise();
            try {
                socket.closeHandler(v -> closed.tryComplete(socket.closeStatusCode()));
            } catch (IllegalStateException alreadyClosed) {
                // the server closed it before the handler could be set
                closed.tryComplete(socket.closeStatusCode());
            }
            assertThat(Stack.await(closed.future())).isEqualTo((short) 1013);
        } finally {
            client.close();
        }
    }

    private static String token(String key) {
        HttpResponse<Buffer> issued = Stack.await(stack.request(HttpMethod.POST, base + "/v1/stream/tokens", key).send());
        assertThat(issued.statusCode()).as(issued.bodyAsString()).isEqualTo(201);
        return issued.bodyAsJsonObject().getString("token");
    }
}
