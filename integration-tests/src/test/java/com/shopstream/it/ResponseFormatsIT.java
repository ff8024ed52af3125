package com.shopstream.it;

import static com.shopstream.it.TestData.line;
import static com.shopstream.it.TestData.order;
import static com.shopstream.it.TestData.product;
import static com.shopstream.it.TestData.uniqueId;
import static com.shopstream.it.TestData.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ResponseFormatsIT {

    private final Stack stack = Stack.INSTANCE;

    @Test
    @DisplayName("An unchanged answer is a 304 for its ETag; new data under it changes the answer and its ETag at once")
    void etagsAndInvalidation() {
        String region = uniqueName("it-etag");
        long product = product(stack, uniqueName("it-etag-cat"), "10.00");
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        String path = "/v1/sales/timeseries?granularity=hour&region=" + region + "&from=" + hour + "&to=" + hour.plus(1, ChronoUnit.HOURS);

        stack.produce(List.of(order(uniqueId(), region, TestData.now(), line(product, 1, "10.00"))));
        stack.awaitCaughtUp(stack.timeout());
        HttpResponse<Buffer> first = get(path, null);
        String etag = first.getHeader("ETag");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(etag).matches("\"[A-Za-z0-9_-]{22}\"");
        assertThat(revenue(first)).isEqualByComparingTo("10.00");

        HttpResponse<Buffer> again = get(path, etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.getHeader("ETag")).isEqualTo(etag);
        assertThat(again.body() == null || again.body().length() == 0).isTrue();
        assertThat(get(path, "\"something-else\", W/" + etag).statusCode()).as("weak comparison, in a list").isEqualTo(304);

        stack.produce(List.of(order(uniqueId(), region, TestData.now(), line(product, 2, "10.00"))));
        stack.awaitCaughtUp(stack.timeout());
        HttpResponse<Buffer> changed = get(path, etag);
        assertThat(changed.statusCode()).as("the old ETag no longer matches").isEqualTo(200);
        assertThat(revenue(changed)).isEqualByComparingTo("30.00");
        assertThat(changed.getHeader("ETag")).isNotEqualTo(etag);
    }

    @Test
    @DisplayName("Accept: text/csv or format=csv gives CSV with a header row, its own ETag, and a Link to the next page")
    void csv() {
        String category = uniqueName("it-csv");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(product(stack, category, "1" + i + ".50"));
        }
        ids.sort(Long::compare);
        String path = "/v1/products?limit=2&category=" + category;

        HttpResponse<Buffer> csv = Stack.await(stack.request(HttpMethod.GET, stack.queryApi + path, stack.apiKey)
                .putHeader("Accept", "text/csv").send());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.getHeader("Content-Type")).startsWith("text/csv");
        List<String> lines = csv.bodyAsString().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("id,name,category,brand,price,stock");
        assertThat(lines.get(1)).startsWith(ids.get(0) + ",Test product " + ids.get(0) + "," + category + ",Testbrand,");
        String link = csv.getHeader("Link");
        assertThat(link).startsWith("</v1/products?").contains("cursor=").endsWith(">; rel=\"next\"");

        HttpResponse<Buffer> next = Stack.await(stack.request(HttpMethod.GET,
                stack.queryApi + link.substring(1, link.indexOf('>')) + "&format=csv", stack.apiKey).send());
        assertThat(next.bodyAsString().lines().toList()).hasSize(2).element(1).asString().startsWith(ids.get(2) + ",");
        assertThat(next.getHeader("Link")).isNull();

        HttpResponse<Buffer> json = get(path, null);
        assertThat(json.getHeader("Content-Type")).startsWith("application/json");
        assertThat(json.getHeader("ETag")).isNotEqualTo(csv.getHeader("ETag"));
        HttpResponse<Buffer> byParameter = get(path + "&format=csv", null);
        assertThat(byParameter.bodyAsString()).isEqualTo(csv.bodyAsString());
    }

    @Test
    @DisplayName("An Accept naming nothing the endpoint serves is 406, a bad format parameter a 400 naming it, a browser's Accept JSON")
    void negotiation() {
        HttpResponse<Buffer> xml = Stack.await(stack.request(HttpMethod.GET, stack.queryApi + "/v1/customers/segments", stack.apiKey)
                .putHeader("Accept", "application/xml").send());
        assertThat(xml.statusCode()).isEqualTo(406);
        HttpResponse<Buffer> badFormat = get("/v1/products?format=xlsx", null);
        assertThat(badFormat.statusCode()).isEqualTo(400);
        assertThat(badFormat.bodyAsJsonObject().getString("error")).contains("'format'");
        assertThat(Stack.await(stack.request(HttpMethod.GET, stack.queryApi + "/v1/products?limit=1", stack.apiKey)
                .putHeader("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").send()).getHeader("Content-Type"))
                .as("a browser's Accept").startsWith("application/json");
    }

    private HttpResponse<Buffer> get(String path, String ifNoneMatch) {
        var request = stack.request(HttpMethod.GET, stack.queryApi + path, stack.apiKey);
        if (ifNoneMatch != null) {
            request.putHeader("If-None-Match", ifNoneMatch);
        }
        return Stack.await(request.send());
    }

    private static BigDecimal revenue(HttpResponse<Buffer> response) {
        JsonObject point = response.bodyAsJsonObject().getJsonArray("points").getJsonObject(0);
        return new BigDecimal(point.getValue("revenue").toString());
    }
}
