package com.shopstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryApiIT {

    private final Stack stack = Stack.INSTANCE;

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
        "/v1/sales/realtime?window=2m                                                         | window",
        "/v1/sales/realtime?groupBy=brand                                                     | groupBy",
        "/v1/sales/timeseries?to=2026-11-28T01:00:00Z                                          | from",
        "/v1/sales/timeseries?from=yesterday&to=2026-11-28T01:00:00Z                           | from",
        "/v1/sales/timeseries?from=2026-11-28T01:00:00Z&to=2026-11-28T00:00:00Z                | to",
        "/v1/sales/timeseries?from=2026-11-01T00:00:00Z&to=2026-11-03T00:00:00Z&granularity=minute | to",
        "/v1/sales/timeseries?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&granularity=week   | granularity",
        "/v1/sales/timeseries?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&region=EU_WEST     | region",
        "/v1/products?limit=0                                                                 | limit",
        "/v1/products?limit=ten                                                               | limit",
        "/v1/products?cursor=garbage                                                          | cursor",
        "/v1/products/top?limit=1000                                                          | limit",
        "/v1/products/top?window=1d                                                           | window",
    })
    @DisplayName("A bad parameter is a 400 that names it")
    void badParameters(String path, String parameter) {
        HttpResponse<Buffer> response = stack.get(path);
        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject body = response.bodyAsJsonObject();
        assertThat(body.getString("error")).contains("'" + parameter + "'");
        assertThat(body.getJsonArray("errors").getJsonObject(0).getString("parameter")).isEqualTo(parameter);
    }

    @Test
    @DisplayName("The longest ranges per granularity are served, every bucket present")
    void longestRanges() {
        assertThat(points("minute", "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z")).hasSize(1440);
        assertThat(points("hour", "2026-11-01T00:00:00Z", "2026-12-02T00:00:00Z")).hasSize(744);
        assertThat(points("day", "2025-12-01T00:00:00Z", "2026-12-02T00:00:00Z")).hasSize(366);
        JsonArray unaligned = points("hour", "2026-11-01T00:30:00Z", "2026-11-01T02:10:00Z");
        assertThat(unaligned.stream().map(p -> ((JsonObject) p).getString("bucket")).toList())
                .containsExactly("2026-11-01T00:00:00Z", "2026-11-01T01:00:00Z", "2026-11-01T02:00:00Z");
    }

    @Test
    @DisplayName("The catalog pages with cursors until nextCursor is null, each product once")
    void productPages() {
        String category = TestData.uniqueName("it-pages");
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(TestData.product(stack, category, "1.0" + i));
        }
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonObject page = stack.getJson("/v1/products?limit=3&category=" + category + (cursor == null ? "" : "&cursor=" + cursor));
            page.getJsonArray("products").forEach(p -> {
                JsonObject product = (JsonObject) p;
                assertThat(product.getString("category")).isEqualTo(category);
                assertThat(product.fieldNames()).containsExactlyInAnyOrder("id", "name", "category", "brand", "price", "stock");
                seen.add(product.getLong("id"));
            });
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(created.stream().sorted().toList());
    }

    @Test
    @DisplayName("Health names each dependency; unknown paths are JSON 404s")
    void healthAndNotFound() {
        JsonObject health = stack.getJson("/health");
        assertThat(health.getString("status")).isEqualTo("up");
        assertThat(health.fieldNames()).contains("postgres", "redis", "kafka");

        HttpResponse<Buffer> missing = stack.get("/v1/nothing");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(missing.bodyAsJsonObject().getString("error")).contains("/v1/nothing");
    }

    private JsonArray points(String granularity, String from, String to) {
        return stack.getJson("/v1/sales/timeseries?granularity=" + granularity + "&from=" + from + "&to=" + to)
                .getJsonArray("points");
    }
}
