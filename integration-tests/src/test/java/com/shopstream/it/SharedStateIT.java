package com.shopstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What query-api instances share through Redis, seen from two of them: rate limits and cached answers. */
class SharedStateIT {

    private static final Pattern CACHE_HITS = Pattern.compile("^shop_cache_lookups_total\\{[^}]*result=\"hit\"[^}]*} ([0-9.E]+)$", Pattern.MULTILINE);

    private static final Stack stack = Stack.INSTANCE;
    private static ServiceProcess second;
    private static String secondUrl;

    @BeforeAll
    static void startSecondInstance() throws Exception {
        second = ServiceProcess.start(stack, "query-api", "SHOP_QUERY_API_PORT", Map.of(), "512m")
                .awaitListening(Duration.ofSeconds(90));
        secondUrl = "http://127.0.0.1:" + second.port();
    }

    @AfterAll
    static void stopSecondInstance() throws Exception {
        second.close();
    }

    @Test
    @DisplayName("A key's limit holds across instances: 429 with Retry-After and RateLimit headers once used up, other keys and classes unaffected")
    void rateLimits() {
        JsonObject limits = new JsonObject().put("query", "3/min");
        String limited = stack.createKey(TestData.uniqueName("it-limited"), limits, "read").getString("key");
        String other = stack.createKey(TestData.uniqueName("it-other"), limits, "read").getString("key");
        String path = "/v1/products?limit=1";

        String[] instances = {stack.queryApi, stack.queryApi, secondUrl};
        for (int i = 0; i < instances.length; i++) {
            HttpResponse<Buffer> allowed = get(instances[i] + path, limited);
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.getHeader("RateLimit-Limit")).isEqualTo("3");
            assertThat(allowed.getHeader("RateLimit-Remaining")).isEqualTo(Integer.toString(2 - i));
        }
        HttpResponse<Buffer> refused = get(secondUrl + path, limited);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isBetween(1L, 20L);
        assertThat(refused.getHeader("RateLimit-Remaining")).isEqualTo("0");
        assertThat(Long.parseLong(refused.getHeader("RateLimit-Reset"))).isBetween(40L, 60L);
        assertThat(refused.bodyAsJsonObject().getString("error")).contains("3/min").contains("query");
        assertThat(get(stack.queryApi + path, limited).statusCode()).as("the first instance agrees").isEqualTo(429);

        assertThat(get(stack.queryApi + path, other).statusCode()).as("another key").isEqualTo(200);
        assertThat(get(stack.queryApi + "/v1/sales/realtime", limited).statusCode()).as("another endpoint class").isEqualTo(200);
    }

    @Test
    @DisplayName("An answer computed by one instance is served from the cache by the other, with the same ETag")
    void sharedAnswers() {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        String path = "/v1/sales/timeseries?granularity=minute&region=" + TestData.uniqueName("it-shared")
                + "&from=" + hour + "&to=" + hour.plus(1, ChronoUnit.HOURS);
        HttpResponse<Buffer> computed = get(stack.queryApi + path, stack.apiKey);
        assertThat(computed.statusCode()).isEqualTo(200);

        double hitsBefore = cacheHits(secondUrl);
        HttpResponse<Buffer> shared = get(secondUrl + path, stack.apiKey);
        assertThat(shared.statusCode()).isEqualTo(200);
        assertThat(shared.getHeader("ETag")).isEqualTo(computed.getHeader("ETag"));
        assertThat(shared.bodyAsString()).isEqualTo(computed.bodyAsString());
        assertThat(cacheHits(secondUrl)).isEqualTo(hitsBefore + 1);
    }

    private static double cacheHits(String base) {
        String metrics = Stack.await(stack.http.getAbs(base + "/metrics").send()).bodyAsString();
        Matcher hits = CACHE_HITS.matcher(metrics);
        return hits.find() ? Double.parseDouble(hits.group(1)) : 0;
    }

    private static HttpResponse<Buffer> get(String url, String key) {
        return Stack.await(stack.request(HttpMethod.GET, url, key).send());
    }
}
