package com.shopstream.it;

import static com.shopstream.it.TestData.line;
import static com.shopstream.it.TestData.order;
import static com.shopstream.it.TestData.product;
import static com.shopstream.it.TestData.uniqueId;
import static com.shopstream.it.TestData.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LiveUpdatesIT {

    private static final Duration SOON = Duration.ofSeconds(10);
    private static final Pattern DROPPED = Pattern.compile("^shop_live_dropped_total\\{[^}]*} ([0-9.E]+)$", Pattern.MULTILINE);

    private static final Stack stack = Stack.INSTANCE;
    /** An instance pushing ten times a second with 8 KiB of write queue per subscriber: slow clients show quickly. */
    private static ServiceProcess fast;

    @BeforeAll
    static void startFastInstance() throws Exception {
        fast = ServiceProcess.start(stack, "query-api", "SHOP_QUERY_API_PORT",
                Map.of("SHOP_LIVE_INTERVAL", "100ms", "SHOP_LIVE_MAX_QUEUED_BYTES", "8192"), "512m").awaitListening(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopFastInstance() throws Exception {
        fast.close();
    }

    @Test
    @DisplayName("Server-sent events with a key: a snapshot at once and then each interval, and new orders in it within a second")
    void eventsWithKey() {
        String region = uniqueName("it-live");
        long product = product(stack, uniqueName("it-live-cat"), "4321.00");
        try (LiveClient live = LiveClient.open(stack, stack.queryApi + "/v1/stream", stack.apiKey)) {
            assertThat(live.status()).isEqualTo(200);
            assertThat(live.contentType()).startsWith("text/event-stream");
            JsonObject first = live.await(0, s -> "snapshot".equals(s.getString("type")), SOON);
            assertThat(first.getJsonObject("windows").fieldNames()).containsExactlyInAnyOrder("1m", "5m", "15m", "1h");
            assertThat(first.getJsonArray("minutes")).hasSize(60);
            assertThat(first.getJsonObject("pipeline").fieldNames()).contains("consumerLag", "realtimeLag");
            assertThat(first.getJsonObject("funnel").getJsonArray("steps")).hasSize(4);
            live.await(1, s -> true, SOON);

            BigDecimal before = revenue(live.latest());
            stack.produce(List.of(order(uniqueId(), region, TestData.now(), line(product, 1, "4321.00"))));
            stack.awaitCaughtUp(stack.timeout());
            int seen = live.received();
            JsonObject updated = live.await(seen, s -> revenue(s).subtract(before).compareTo(new BigDecimal("4321.00")) >= 0,
                    SOON);
            assertThat(updated.getJsonArray("regions").stream().map(r -> ((JsonObject) r).getString("key"))).contains(region);
        }
    }

    @Test
    @DisplayName("EventSource without headers: a short-lived token opens the stream; a forged or missing one does not")
    void eventsWithToken() {
        HttpResponse<Buffer> issued = Stack.await(stack.request(HttpMethod.POST, stack.queryApi + "/v1/stream/tokens", stack.apiKey).send());
        assertThat(issued.statusCode()).isEqualTo(201);
        String token = issued.bodyAsJsonObject().getString("token");
        try (LiveClient live = LiveClient.open(stack, stack.queryApi + "/v1/stream?token=" + token, null)) {
            assertThat(live.status()).isEqualTo(200);
            live.await(0, s -> "snapshot".equals(s.getString("type")), SOON);
        }
        String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        try (LiveClient refused = LiveClient.open(stack, stack.queryApi + "/v1/stream?token=" + forged, null)) {
            assertThat(refused.status()).isEqualTo(401);
        }
        try (LiveClient refused = LiveClient.open(stack, stack.queryApi + "/v1/stream", null)) {
            assertThat(refused.status()).isEqualTo(401);
        }
        assertThat(Stack.await(stack.request(HttpMethod.POST, stack.queryApi + "/v1/stream/tokens", null).send()).statusCode()).isEqualTo(401);
    }

    @Test
    @DisplayName("WebSocket: the key as first message gives ready and snapshots; a bad key or no auth message closes it with 1008")
    void webSocket() {
        WebSocketClient client = stack.vertx.createWebSocketClient();
        try {
            Session good = connect(client, new JsonObject().put("type", "auth").put("apiKey", stack.apiKey).encode());
            Awaitility.await().atMost(SOON).until(() -> good.messages.size() >= 2);
            assertThat(good.messages.get(0).getString("type")).isEqualTo("ready");
            assertThat(good.messages.get(1).getString("type")).isEqualTo("snapshot");

            Session unknown = connect(client, new JsonObject().put("type", "auth").put("apiKey", "shs_unknown").encode());
            assertThat(Stack.await(unknown.closed.future())).isEqualTo((short) 1008);
            assertThat(unknown.messages).isEmpty();

            Session garbage = connect(client, "hello");
            assertThat(Stack.await(garbage.closed.future())).isEqualTo((short) 1008);

            Session silent = connect(client, null);
            assertThat(Stack.await(silent.closed.future())).as("no auth message within 5 s").isEqualTo((short) 1008);
        } finally {
            client.close();
        }
    }

    @Test
    @DisplayName("A subscriber that does not read is dropped, its memory bounded, while another on the same instance keeps receiving")
    void slowSubscriberDropped() throws Exception {
        String base = "http://127.0.0.1:" + fast.port();
        double droppedBefore = dropped(base);
        try (LiveClient healthy = LiveClient.open(stack, base + "/v1/stream", stack.apiKey);
             Socket slow = new Socket()) {
            slow.setReceiveBufferSize(2048);
            slow.setSoTimeout(10_000);
            slow.connect(new InetSocketAddress("127.0.0.1", fast.port()));
            slow.getOutputStream().write(("GET /v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + stack.apiKey
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();

            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> dropped(base) >= droppedBefore + 1);
            int atDrop = healthy.received();
            healthy.await(atDrop + 5, s -> true, SOON);

            assertThat(readToEnd(slow.getInputStream())).as("the server closed the slow connection").isTrue();
        }
    }

    /** Reads what the server sent until it closed the connection (true), or nothing came for 10 s (false). */
    private static boolean readToEnd(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        try {
            while (true) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private static double dropped(String base) {
        Matcher dropped = DROPPED.matcher(Stack.await(stack.http.getAbs(base + "/metrics").send()).bodyAsString());
        return dropped.find() ? Double.parseDouble(dropped.group(1)) : 0;
    }

    private static BigDecimal revenue(JsonObject snapshot) {
        return new BigDecimal(snapshot.getJsonObject("windows").getJsonObject("1h").getValue("revenue").toString());
    }

    /** A WebSocket session: the JSON messages received and how it was closed. */
    private static final class Session {
        final List<JsonObject> messages = new CopyOnWriteArrayList<>();
        final Promise<Short> closed = Promise.promise();
    }

    private static Session connect(WebSocketClient client, String firstMessage) {
        Session session = new Session();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(
                stack.queryApi.replaceFirst("^http", "ws") + "/v1/ws");
        WebSocket socket = Stack.await(client.connect(options));
        socket.textMessageHandler(text -> session.messages.add(new JsonObject(text)));
        socket.closeHandler(v -> session.closed.tryComplete(socket.closeStatusCode()));
        if (firstMessage != null) {
            socket.writeTextMessage(firstMessage);
        }
        return session;
    }
}
