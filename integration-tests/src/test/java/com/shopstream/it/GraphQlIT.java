package com.shopstream.it;

import static com.shopstream.it.TestData.line;
import static com.shopstream.it.TestData.now;
import static com.shopstream.it.TestData.order;
import static com.shopstream.it.TestData.step;
import static com.shopstream.it.TestData.uniqueId;
import static com.shopstream.it.TestData.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.shopstream.contract.EventType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code POST /graphql} against the REST routes it answers from: every field of {@code Query}, with
 * every field of its type selected (read from the schema by introspection), must equal the REST
 * answer to the same parameters, decimals to their scale; keys, scopes and rate limits are the
 * same; depth and cost are limited.
 */
class GraphQlIT {

    private static final Stack stack = Stack.INSTANCE;
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** Values that move between two reads a moment apart. */
    private static final Set<String> MOMENTARY = Set.of("asOf", "stalenessMs", "measuredAt", "lagBytes", "lagMs");
    private static final String category = uniqueName("it-gql");
    private static final String region = uniqueName("it-gql");
    private static final long buyer = uniqueId();
    private static long shirt;
    private static Instant from;
    private static Instant to;

    @BeforeAll
    static void shop() {
        shirt = TestData.product(stack, category, "29.90");
        long socks = TestData.product(stack, category, "7.50");
        stack.put("/v1/products/" + shirt, new JsonObject().put("name", "Linen shirt " + shirt).put("description", "a light summer shirt")
                .put("category", category).put("brand", "Testbrand").put("price", new java.math.BigDecimal("29.90")).put("stock", 10).encode());
        Instant now = now();
        String session = uniqueName("s");
        stack.produce(List.of(
                step(EventType.PRODUCT_VIEWED, buyer, session, region, now.minusSeconds(60), shirt),
                step(EventType.CART_ADDED, buyer, session, region, now.minusSeconds(50), shirt),
                order(buyer, session, region, now.minusSeconds(30), line(shirt, 1, "29.90"), line(socks, 2, "7.50"))));
        stack.awaitViewsRefreshed(List.of("customer_rfm", "customer_segments", "customer_base", "cohort_activity"));
        from = now.minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS);
        to = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
    }

    static Stream<Arguments> fields() {
        String range = "from: \"" + from + "\", to: \"" + to + "\"";
        String restRange = "from=" + from + "&to=" + to;
        return Stream.of(
                Arguments.of("realtime", "window: \"1h\", groupBy: \"region\"", "/v1/sales/realtime?window=1h&groupBy=region"),
                Arguments.of("timeseries", range + ", granularity: \"hour\", region: \"" + region + "\"",
                        "/v1/sales/timeseries?" + restRange + "&granularity=hour&region=" + region),
                Arguments.of("topProducts", "window: \"1h\", limit: 10", "/v1/products/top?window=1h&limit=10"),
                Arguments.of("funnel", range + ", region: \"" + region + "\"", "/v1/funnel?" + restRange + "&region=" + region),
                Arguments.of("cohorts", range + ", limit: 5", "/v1/cohorts?" + restRange + "&limit=5"),
                Arguments.of("segments", null, "/v1/customers/segments"),
                Arguments.of("customer", "customerId: " + buyer, "/v1/customers/" + buyer),
                Arguments.of("similarProducts", "productId: " + shirt + ", limit: 3", "/v1/products/" + shirt + "/similar?limit=3"),
                Arguments.of("recommendations", "customerId: " + buyer + ", limit: 3", "/v1/customers/" + buyer + "/recommendations?limit=3"),
                Arguments.of("search", "q: \"linen shirt\", limit: 3, category: \"" + category + "\"",
                        "/v1/search?q=linen%20shirt&limit=3&category=" + category),
                Arguments.of("pipelineStatus", null, "/v1/pipeline/status"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    @DisplayName("Each field, with all of its type's fields selected, answers what its REST route answers")
    void sameAsRest(String field, String arguments, String restPath) throws IOException {
        String query = "{ " + field + (arguments == null ? "" : "(" + arguments + ")") + " " + selection(returnType(field)) + " }";
        JsonNode graphQl = null;
        JsonNode rest = null;
        // Live answers are recomputed every second: read both until a pair falls within one.
        for (int attempt = 0; attempt < 5 && (graphQl == null || !graphQl.equals(rest)); attempt++) {
            JsonNode answer = graphQl(query, stack.apiKey);
            assertThat(answer.path("errors").isMissingNode()).as(answer.toString()).isTrue();
            graphQl = withoutMomentary(answer.path("data").path(field));
            rest = withoutMomentary(JSON.readTree(stack.get(restPath).bodyAsString()));
        }
        assertThat(graphQl).as(query).isEqualTo(rest);
    }

    @Test
    @DisplayName("No key is a 401 and a key without the read scope a 403, as on REST")
    void keysAndScopes() {
        HttpResponse<Buffer> anonymous = post("{ segments { asOf } }", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        String writer = stack.createKey(uniqueName("gql-writer"), null, "write").getString("key");
        assertThat(post("{ segments { asOf } }", writer).statusCode()).isEqualTo(403);
    }

    @Test
    @DisplayName("A field is charged to its REST route's limit: the two doors share one budget, and a refused field is an error with status 429")
    void sharedRateLimit() throws IOException {
        String key = stack.createKey(uniqueName("gql-limited"), new JsonObject().put("query", "1/min"), "read").getString("key");

        assertThat(graphQl("{ segments { customers } }", key).path("data").path("segments").path("customers").isNumber()).isTrue();
        assertThat(Stack.await(stack.request(HttpMethod.GET, stack.queryApi + "/v1/customers/segments", key).send()).statusCode())
                .isEqualTo(429);
        JsonNode refused = graphQl("{ segments { customers } pipelineStatus { eventsStored } }", key);
        assertThat(refused.path("data").path("segments").isNull()).isTrue();
        assertThat(refused.path("errors").get(0).path("extensions").path("status").asInt()).isEqualTo(429);
        assertThat(refused.path("data").path("pipelineStatus").path("eventsStored").isNumber()).as("another class's field").isTrue();
    }

    @Test
    @DisplayName("A bad argument is an error naming it, with the REST message and status 400; the other fields are answered")
    void badArgument() throws IOException {
        JsonNode answer = graphQl("{ topProducts(limit: 1000) { window } segments { customers } }", stack.apiKey);
        JsonNode error = answer.path("errors").get(0);
        assertThat(error.path("message").asText()).isEqualTo("invalid argument 'limit': must be an integer from 1 to 100");
        assertThat(error.path("extensions").path("parameter").asText()).isEqualTo("limit");
        assertThat(error.path("extensions").path("status").asInt()).isEqualTo(400);
        assertThat(answer.path("data").path("segments").path("customers").isNumber()).isTrue();
    }

    @Test
    @DisplayName("A query deeper than the limit, or costing more (aliases multiplying reads), is refused before any field runs")
    void depthAndCostLimited() throws IOException {
        JsonNode deep = graphQl("{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } }",
                stack.apiKey);
        assertThat(deep.path("errors").get(0).path("message").asText()).contains("maximum query depth exceeded");
        String aliases = Stream.iterate(1, i -> i + 1).limit(25).map(i -> "a" + i + ": segments { asOf }").collect(Collectors.joining(" "));
        JsonNode costly = graphQl("{ " + aliases + " }", stack.apiKey);
        assertThat(costly.path("errors").get(0).path("message").asText()).contains("maximum query complexity exceeded");
        assertThat(costly.path("data").isMissingNode() || costly.path("data").isNull()).isTrue();
    }

    private static HttpResponse<Buffer> post(String query, String key) {
        return Stack.await(stack.request(HttpMethod.POST, stack.queryApi + "/graphql", key)
                .putHeader("Content-Type", "application/json").sendBuffer(new JsonObject().put("query", query).toBuffer()));
    }

    private static JsonNode graphQl(String query, String key) throws IOException {
        HttpResponse<Buffer> response = post(query, key);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return JSON.readTree(response.bodyAsString());
    }

    private static String returnType(String field) throws IOException {
        for (JsonNode f : introspect("Query")) {
            if (f.path("name").asText().equals(field)) {
                return namedType(f.path("type")).path("name").asText();
            }
        }
        throw new AssertionError("no field " + field + " in Query");
    }

    /** Every field of the type, objects with their own fields. */
    private static String selection(String type) throws IOException {
        StringBuilder fields = new StringBuilder("{");
        for (JsonNode field : introspect(type)) {
            JsonNode named = namedType(field.path("type"));
            fields.append(' ').append(field.path("name").asText());
            if (named.path("kind").asText().equals("OBJECT")) {
                fields.append(' ').append(selection(named.path("name").asText()));
            }
        }
        return fields.append(" }").toString();
    }

    private static JsonNode introspect(String type) throws IOException {
        return graphQl("{ __type(name: \"" + type + "\") { fields { name type { kind name ofType { kind name ofType { kind name } } } } } }",
                stack.apiKey).path("data").path("__type").path("fields");
    }

    private static JsonNode namedType(JsonNode type) {
        return type.path("name").isNull() || type.path("name").isMissingNode() ? namedType(type.path("ofType")) : type;
    }

    /** The answer without momentary values, and without nulls: REST leaves some absent keys out. */
    private static JsonNode withoutMomentary(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (MOMENTARY.contains(name) || object.get(name).isNull()) {
                    names.remove();
                } else {
                    withoutMomentary(object.get(name));
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(GraphQlIT::withoutMomentary);
        }
        return node;
    }
}
