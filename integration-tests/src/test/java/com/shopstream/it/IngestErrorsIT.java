package com.shopstream.it;

import static com.shopstream.it.TestData.line;
import static com.shopstream.it.TestData.now;
import static com.shopstream.it.TestData.order;
import static com.shopstream.it.TestData.uniqueId;
import static com.shopstream.it.TestData.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.common.api.ApiKeySecrets;
import com.shopstream.contract.EventJsonWriter;
import com.shopstream.contract.ShopEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IngestErrorsIT {

    private final Stack stack = Stack.INSTANCE;

    private static String json(ShopEvent event) {
        return new String(EventJsonWriter.write(event), StandardCharsets.UTF_8);
    }

    private ShopEvent validOrder() {
        return order(uniqueId(), uniqueName("it-ingest"), now(), line(1, 1, "9.99"));
    }

    @Test
    @DisplayName("One event or an array is accepted with 202 and the number of events")
    void accepted() {
        HttpResponse<Buffer> single = stack.postEvents(json(validOrder()));
        assertThat(single.statusCode()).isEqualTo(202);
        assertThat(single.bodyAsJsonObject()).isEqualTo(new JsonObject().put("accepted", 1));

        HttpResponse<Buffer> array = stack.postEvents(PipelineEndToEndIT.jsonArray(List.of(validOrder(), validOrder(), validOrder())));
        assertThat(array.statusCode()).isEqualTo(202);
        assertThat(array.bodyAsJsonObject().getInteger("accepted")).isEqualTo(3);
    }

    @Test
    @DisplayName("A request with invalid events is rejected whole, every error listed by index and field, and nothing of it is stored")
    void invalidEventsRejectTheWholeRequest() {
        ShopEvent valid = validOrder();
        String badPrice = json(validOrder()).replaceFirst("\"unitPrice\":9.99", "\"unitPrice\":9.999");
        String badRegionAndType = json(validOrder()).replace("\"type\":\"order_placed\"", "\"type\":\"refund\"")
                .replaceFirst("\"region\":\"[^\"]+\"", "\"region\":\"EU West\"");
        HttpResponse<Buffer> response = stack.postEvents("[" + json(valid) + "," + badPrice + "," + badRegionAndType + "]");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonArray errors = response.bodyAsJsonObject().getJsonArray("errors");
        assertThat(errors).containsExactlyInAnyOrder(
                error(1, "items[0].unitPrice", "must have at most 2 decimals"),
                error(2, "type", "unknown event type 'refund'; expected one of order_placed, product_viewed, cart_added, checkout_started, order_cancelled, inventory_adjusted"),
                error(2, "region", "must be a lowercase identifier of letters, digits and hyphens, at most 32 characters"));

        // A later request on the same partition is stored; the rejected valid event never is.
        ShopEvent sentinel = order(UUID.randomUUID(), uniqueId(), valid.customerId(), valid.region(), now(), line(1, 1, "1.00"));
        assertThat(stack.postEvents(json(sentinel)).statusCode()).isEqualTo(202);
        stack.awaitCaughtUp(stack.timeout());
        assertThat(countEvents(sentinel.eventId())).isEqualTo(1);
        assertThat(countEvents(valid.eventId())).isZero();
    }

    @Test
    @DisplayName("Malformed JSON and an empty array are 400, with a message")
    void malformed() {
        for (String body : List.of("{\"eventId\":", "not json", "[1,2", "42", "[]")) {
            HttpResponse<Buffer> response = stack.postEvents(body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.bodyAsJsonObject().getString("error")).as(body).isNotBlank();
        }
    }

    @Test
    @DisplayName("A body that is not JSON by its content type is 415")
    void wrongContentType() {
        HttpResponse<Buffer> response = Stack.await(stack.http.postAbs(stack.ingest + "/v1/events")
                .putHeader(ApiKeySecrets.HEADER, stack.apiKey)
                .putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer(json(validOrder()))));
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.bodyAsJsonObject().getString("error")).contains("application/json");
    }

    @Test
    @DisplayName("More than 10,000 events or more than 10 MiB is 413")
    void tooLarge() {
        String one = json(validOrder());
        String tooMany = String.join(",", Collections.nCopies(10_001, one));
        HttpResponse<Buffer> many = stack.postEvents("[" + tooMany + "]");
        assertThat(many.statusCode()).isEqualTo(413);
        assertThat(many.bodyAsJsonObject().getString("error")).contains("at most 10000 events");

        String padding = " ".repeat(11 * 1024 * 1024);
        HttpResponse<Buffer> huge = stack.postEvents("[" + one + padding + "]");
        assertThat(huge.statusCode()).isEqualTo(413);
    }

    @Test
    @DisplayName("Unknown paths and methods get JSON errors")
    void unknownPaths() {
        HttpResponse<Buffer> missing = Stack.await(stack.http.getAbs(stack.ingest + "/v1/nothing-here").send());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.bodyAsJsonObject().getString("error")).contains("/v1/nothing-here");
        HttpResponse<Buffer> wrongMethod = Stack.await(stack.http.getAbs(stack.ingest + "/v1/events")
                .putHeader(ApiKeySecrets.HEADER, stack.apiKey).send());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
    }

    @Test
    @DisplayName("With Kafka unreachable, health is 503 and events are refused with 503 and Retry-After, never accepted")
    void kafkaUnavailable() throws Exception {
        int closedPort = ServiceProcess.freePort();
        try (ServiceProcess ingest = ServiceProcess.start(stack, "ingest", "SHOP_INGEST_PORT",
                Map.of("SHOP_KAFKA_BOOTSTRAP", "127.0.0.1:" + closedPort))) {
            ingest.awaitListening(Duration.ofSeconds(60));
            String base = "http://127.0.0.1:" + ingest.port();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    Stack.await(stack.http.getAbs(base + "/health").send()).statusCode() == 503);

            List<ShopEvent> events = new ArrayList<>(List.of(validOrder(), validOrder()));
            HttpResponse<Buffer> response = stack.postEvents(base, PipelineEndToEndIT.jsonArray(events));
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.getHeader("Retry-After")).isEqualTo("5");
            assertThat(response.bodyAsJsonObject().getString("error")).containsIgnoringCase("kafka");
        }
    }

    private long countEvents(UUID eventId) {
        return stack.sql("SELECT count(*) FROM events WHERE event_id = $1", eventId).iterator().next().getLong(0);
    }

    private static JsonObject error(int index, String field, String message) {
        return new JsonObject().put("index", index).put("field", field).put("message", message);
    }
}
