package com.shopstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.common.api.ApiKeySecrets;
import com.shopstream.common.api.HeldBody;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.SqlConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Requests that the framework itself refuses, and requests that would hold the database: every answer is a JSON error. */
class HostileRequestsIT {

    private final Stack stack = Stack.INSTANCE;

    static Stream<Arguments> services() {
        return Stream.of(Arguments.of("query-api", Stack.INSTANCE.queryApi), Arguments.of("ingest", Stack.INSTANCE.ingest));
    }

    // HAProxy answers some malformed requests itself, with its own 400 page (before 3.2 it ignores errorfile 400 there).
    @Tag(Stack.SINGLE_TOPOLOGY)
    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    @DisplayName("404, 405, 414, 431 and an undecodable query string, refused by the framework, are JSON errors")
    void frameworkErrorsAreJson(String service, String base) {
        assertJsonError(Stack.await(stack.request(HttpMethod.GET, base + "/v1/nothing-here", stack.apiKey).send()), 404);
        assertJsonError(Stack.await(stack.request(HttpMethod.PATCH, base + "/health", stack.apiKey).send()), 405);
        HttpResponse<Buffer> undecodable = Stack.await(stack.request(HttpMethod.GET, base + "/health?x=%zz", stack.apiKey).send());
        assertJsonError(undecodable, 400);
        assertThat(undecodable.bodyAsJsonObject().getString("error")).contains("percent-encoded");
        assertJsonError(Stack.await(stack.request(HttpMethod.GET, base + "/health?x=" + "a".repeat(10_000), stack.apiKey).send()), 414);
        assertJsonError(Stack.await(stack.request(HttpMethod.GET, base + "/health", stack.apiKey)
                .putHeader("X-Padding", "a".repeat(20_000)).send()), 431);
    }

    @Test
    @DisplayName("Ingest answers 413 and 415 as JSON errors, and checks the key before it reads a body")
    void ingestRefusalsAreJson() throws Exception {
        Path tooLargeBody = Files.createTempFile("too-large", ".json");
        try {
            Files.writeString(tooLargeBody, " ".repeat(11 * 1024 * 1024));
            assertJsonError(curl(stack.ingest + "/v1/events", stack.apiKey, tooLargeBody), 413);
            // Read first, this body would be refused as too large; checked first, the missing key answers.
            assertJsonError(curl(stack.ingest + "/v1/events", null, tooLargeBody), 401);
        } finally {
            Files.delete(tooLargeBody);
        }
        HttpResponse<Buffer> text = Stack.await(stack.request(HttpMethod.POST, stack.ingest + "/v1/events", stack.apiKey)
                .putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer("{}")));
        assertJsonError(text, 415);
    }

    /** What curl got for a POST of the file. */
    private record Answer(int status, String contentType, String body) {
    }

    /**
     * Posts a large body with curl, which reads an answer that comes before the body is sent, as HTTP
     * clients should (without {@code Expect: 100-continue}, so the body is on its way when the answer comes).
     */
    private static Answer curl(String url, String key, Path body) throws IOException, InterruptedException {
        Path answer = Files.createTempFile("answer", ".json");
        try {
            List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "60", "-o", answer.toString(),
                    "-w", "%{http_code} %{content_type}", "-H", "Expect:", "-H", "Content-Type: application/json",
                    "--data-binary", "@" + body));
            if (key != null) {
                command.addAll(List.of("-H", ApiKeySecrets.HEADER + ": " + key));
            }
            command.add(url);
            Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
            String said = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(curl.waitFor()).as(said).isZero();
            String[] statusAndType = said.split(" ", 2);
            return new Answer(Integer.parseInt(statusAndType[0]), statusAndType[1], Files.readString(answer));
        } finally {
            Files.delete(answer);
        }
    }

    static Stream<Arguments> bodyRoutes() {
        return Stream.of(Arguments.of("query-api", Stack.INSTANCE.queryApi + "/v1/admin/keys"), Arguments.of("ingest", Stack.INSTANCE.ingest + "/v1/events"));
    }

    // Behind HAProxy the client's connection is the balancer's, closed by its timeout http-request (10 s).
    @Tag(Stack.SINGLE_TOPOLOGY)
    @ParameterizedTest(name = "{0}")
    @MethodSource("bodyRoutes")
    @DisplayName("A request refused before its body is read cannot hold its connection: the body is drained for a while, then the connection closes")
    void refusedBodyDoesNotHoldTheConnection(String service, String route) throws Exception {
        URI uri = URI.create(route);
        try (Socket socket = new Socket()) {
            socket.setSoTimeout((int) HeldBody.LINGER.plusSeconds(10).toMillis());
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
            // No key, a body announced and never sent: answered 401 at once; then the server waits out the linger, not forever.
            socket.getOutputStream().write(("POST " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

            assertThat(answer).startsWith("HTTP/1.1 401").containsIgnoringCase("connection: close");
        }
    }

    // The customer route reads the standby on the cluster, where the primary's lock arrives with its WAL.
    @Tag(Stack.SINGLE_TOPOLOGY)
    @Test
    @DisplayName("A query that outlives the statement timeout is cancelled and answered 503 with Retry-After, not left hanging")
    void statementTimeout() {
        SqlConnection lock = Stack.await(stack.pg.getConnection());
        try {
            Stack.await(lock.query("BEGIN").execute());
            // Holds an ACCESS EXCLUSIVE lock on the table behind the RFM scores the customer route reads; rolled back.
            Stack.await(lock.query("LOCK TABLE customer_orders IN ACCESS EXCLUSIVE MODE").execute());

            HttpResponse<Buffer> response = stack.get("/v1/customers/" + TestData.uniqueId());

            assertJsonError(response, 503);
            assertThat(response.getHeader("Retry-After")).isNotBlank();
            assertThat(response.bodyAsJsonObject().getString("error")).contains("ran out of time");
        } finally {
            Stack.await(lock.query("ROLLBACK").execute());
            lock.close();
        }
    }

    private static void assertJsonError(Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(new JsonObject(answer.body()).getString("error")).isNotBlank();
    }

    private static void assertJsonError(HttpResponse<Buffer> response, int status) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        assertThat(response.getHeader("Content-Type")).startsWith("application/json");
        JsonObject body = response.bodyAsJsonObject();
        assertThat(body.getString("error")).isNotBlank();
    }
}
