package com.shopstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class OperationsIT {

    private final Stack stack = Stack.INSTANCE;

    // Scrapes each service on its single-topology port.
    @Tag(Stack.SINGLE_TOPOLOGY)
    @Test
    @DisplayName("Each service serves Prometheus metrics: per-route requests and latency, pools, cache, lag, batches, view staleness")
    void metrics() {
        stack.get("/v1/sales/realtime?window=1m");
        String aggregatorUrl = "http://" + stack.settings.string("SHOP_AGGREGATOR_HOST", "127.0.0.1") + ":"
                + stack.settings.integer("SHOP_AGGREGATOR_PORT", 8082);
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(metrics(stack.queryApi)).contains(
                        "vertx_http_server_requests_total{", "route=\"/v1/sales/realtime\"",
                        "vertx_http_server_response_time_seconds_bucket{",
                        "vertx_pool_in_use{pool_name=\"query-api-pg\",pool_type=\"sql\"",
                        "pool_type=\"redis\"",
                        "shop_cache_lookups_total{result=\"hit\"",
                        "shop_live_subscribers{",
                        "shop_pipeline_consumer_lag{",
                        "shop_view_staleness_seconds{service=\"query-api\",view=\"customer_rfm\"}",
                        "jvm_memory_used_bytes{"));
        assertThat(metrics(aggregatorUrl)).contains(
                "shop_aggregator_batch_records_count{", "shop_aggregator_batch_duration_seconds_bucket{",
                "shop_aggregator_consumer_lag{", "shop_aggregator_events_stored_total{", "kafka_consumer_fetch_manager_records_lag_max{");
        assertThat(metrics(stack.ingest)).contains("shop_ingest_events_total{outcome=\"accepted\"", "vertx_http_server_requests_total{");
    }

    @Test
    @DisplayName("Both services serve their OpenAPI 3 document")
    void openApi() {
        for (String base : List.of(stack.queryApi, stack.ingest)) {
            JsonObject document = Stack.await(stack.http.getAbs(base + "/openapi.json").send()).bodyAsJsonObject();
            assertThat(document.getString("openapi")).startsWith("3.");
            assertThat(document.getJsonObject("components").getJsonObject("securitySchemes").getJsonObject("ApiKey").getString("name"))
                    .isEqualTo("X-API-Key");
        }
    }

    // Reads query-api.log, one instance's log.
    @Tag(Stack.SINGLE_TOPOLOGY)
    @Test
    @DisplayName("A request's id is echoed and on its log lines, which are JSON; a caller's plausible id is kept, others replaced")
    void requestIds() throws Exception {
        String id = "it-" + UUID.randomUUID();
        HttpResponse<Buffer> response = Stack.await(stack.request(HttpMethod.GET, stack.queryApi + "/v1/products?limit=1", stack.apiKey)
                .putHeader("X-Request-Id", id).send());
        assertThat(response.getHeader("X-Request-Id")).isEqualTo(id);
        String replaced = Stack.await(stack.request(HttpMethod.GET, stack.queryApi + "/v1/products?limit=1", stack.apiKey)
                .putHeader("X-Request-Id", "not ok\t!").send()).getHeader("X-Request-Id");
        assertThat(replaced).isNotEqualTo("not ok\t!").matches("[0-9a-f-]{36}");

        Path log = stack.stateDir.resolve("logs").resolve("query-api.log");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).contains(id));
        JsonObject line = Files.readAllLines(log).stream().filter(l -> l.contains(id)).map(JsonObject::new).findFirst().orElseThrow();
        assertThat(line.getString("requestId")).isEqualTo(id);
        assertThat(line.getString("logger")).isEqualTo("access");
        assertThat(line.getString("path")).isEqualTo("/v1/products");
        assertThat(line.getInteger("status")).isEqualTo(200);
        assertThat(line.getLong("apiKeyId")).isPositive();
    }

    private String metrics(String base) {
        HttpResponse<Buffer> response = Stack.await(stack.http.getAbs(base + "/metrics").send());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.bodyAsString();
    }
}
