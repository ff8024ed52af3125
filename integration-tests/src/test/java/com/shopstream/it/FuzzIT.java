package com.shopstream.it;

import static com.shopstream.it.TestData.now;
import static com.shopstream.it.TestData.product;
import static com.shopstream.it.TestData.uniqueId;
import static com.shopstream.it.TestData.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Seeded, bounded fuzzing of both doors: thousands of mutated events through ingest and straight
 * onto the topic, and garbage in every query parameter of every route the OpenAPI documents list.
 * Nothing may answer 5xx, every refusal is JSON naming what it refuses, and what was accepted must
 * count exactly. Each mutation states in advance whether the contract must refuse it, so the
 * expected outcome never comes from the code under test. {@code -Dfuzz.seed=N} replays a run.
 */
class FuzzIT {

    private static final long SEED = Long.getLong("fuzz.seed", 20261206L);
    private static final int EVENTS_PER_PATH = 1500;

    private final Stack stack = Stack.INSTANCE;

    @Test
    @DisplayName("Mutated events through ingest: each is accepted whole or refused with 400 naming its field; the accepted count exactly")
    void mutatedEventsThroughIngest() {
        Random random = new Random(SEED);
        EventMutations mutations = new EventMutations(random, uniqueName("it-fuzz-http"), product(stack, uniqueName("it-cat"), "1.00"));
        Expected accepted = new Expected();
        List<String> failures = new ArrayList<>();

        for (int i = 0; i < EVENTS_PER_PATH; i++) {
            EventMutations.Mutant mutant = mutations.next();
            HttpResponse<Buffer> response = stack.postEvents(mutant.json());
            String what = "mutant " + i + " (" + mutant.mutation() + ", seed " + SEED + ")";
            if (response.statusCode() >= 500 || !isJson(response)) {
                failures.add(what + " answered " + response.statusCode() + ": " + response.bodyAsString());
            } else if (mutant.mustBeRefused()) {
                if (response.statusCode() != 400 || !namesTheField(response.bodyAsJsonObject(), mutant.field())) {
                    failures.add(what + " should be refused naming '" + mutant.field() + "', answered "
                            + response.statusCode() + ": " + response.bodyAsString());
                }
            } else if (response.statusCode() != 202) {
                failures.add(what + " should be accepted, answered " + response.statusCode() + ": " + response.bodyAsString());
            } else {
                accepted.add(mutant.original());
            }
        }

        assertThat(failures).isEmpty();
        stack.awaitCaughtUp(stack.timeout());
        accepted.assertMatches(mutations.totals(stack), "the accepted mutants' orders");
    }

    @Test
    @DisplayName("Mutated records on the topic: the refused ones are dead-lettered, the rest stored; every record is accounted for, totals exact")
    void mutatedRecordsOnTheTopic() {
        Random random = new Random(SEED + 1);
        EventMutations mutations = new EventMutations(random, uniqueName("it-fuzz-kafka"), product(stack, uniqueName("it-cat"), "1.00"));
        Expected stored = new Expected();
        int refused = 0;
        JsonObject before = stack.status();

        for (int i = 0; i < EVENTS_PER_PATH; i++) {
            EventMutations.Mutant mutant = mutations.next();
            stack.kafka.send(new org.apache.kafka.clients.producer.ProducerRecord<>(com.shopstream.contract.Topics.EVENTS,
                    Long.toString(random.nextInt(50)).getBytes(StandardCharsets.UTF_8), mutant.json().getBytes(StandardCharsets.UTF_8)));
            if (mutant.mustBeRefused()) {
                refused++;
            } else {
                stored.add(mutant.original());
            }
        }
        stack.kafka.flush();
        stack.awaitCaughtUp(stack.timeout());

        JsonObject after = stack.status();
        assertThat(after.getLong("deadLettered") - before.getLong("deadLettered")).as("dead letters").isEqualTo(refused);
        assertThat(after.getLong("eventsStored") - before.getLong("eventsStored")).as("events stored").isEqualTo(EVENTS_PER_PATH - refused);
        stored.assertMatches(mutations.totals(stack), "the stored mutants' orders");
    }

    @Test
    @DisplayName("Garbage in every query and path parameter of every documented route: never 5xx, every refusal JSON naming the parameter")
    void garbageParameters() {
        Random random = new Random(SEED + 2);
        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (String base : List.of(stack.queryApi, stack.ingest)) {
            JsonObject document = Stack.await(stack.http.getAbs(base + "/openapi.json").send()).bodyAsJsonObject();
            JsonObject paths = document.getJsonObject("paths");
            for (String path : paths.fieldNames()) {
                for (String method : paths.getJsonObject(path).fieldNames()) {
                    if (!method.equals("get") || path.equals("/v1/stream") || path.equals("/v1/ws")) {
                        requests += checkUnknownParameter(base, method, path, failures);
                        continue;
                    }
                    JsonObject operation = paths.getJsonObject(path).getJsonObject(method);
                    requests += fuzzOperation(base, path, parameters(document, operation), random, failures);
                }
            }
        }
        assertThat(failures).as("of " + requests + " requests (seed " + SEED + ")").isEmpty();
        assertThat(requests).isGreaterThan(1000);
    }

    private int fuzzOperation(String base, String path, List<JsonObject> parameters, Random random, List<String> failures) {
        Map<String, String> baseline = baseline(parameters);
        int requests = 0;
        HttpResponse<Buffer> plain = send(base, HttpMethod.GET, pathWith(path, Map.of()), query(baseline));
        if (plain.statusCode() >= 400 && plain.statusCode() != 404) {
            failures.add("baseline GET " + path + "?" + query(baseline) + " answered " + plain.statusCode() + ": " + plain.bodyAsString());
            return 1;
        }
        for (JsonObject parameter : parameters) {
            String name = parameter.getString("name");
            String in = parameter.getString("in");
            if (!in.equals("query") && !in.equals("path")) {
                continue;
            }
            for (int i = 0; i < 12; i++) {
                String garbage = Garbage.value(random);
                Map<String, String> params = new LinkedHashMap<>(baseline);
                String target = path;
                if (in.equals("query")) {
                    params.put(name, garbage);
                } else {
                    target = pathWith(path, Map.of(name, garbage));
                }
                HttpResponse<Buffer> response = send(base, HttpMethod.GET, pathWith(target, Map.of()), query(params));
                requests++;
                String what = "GET " + path + " with " + name + "=" + Garbage.describe(garbage);
                check(what, response, in.equals("query") ? name : null, params.keySet(), failures);
            }
        }
        requests += checkUnknownParameter(base, "get", path, failures);
        return requests + 1;
    }

    private int checkUnknownParameter(String base, String method, String path, List<String> failures) {
        String bogus = "bogus" + Integer.toString(Math.abs(UUID.randomUUID().hashCode()), 36);
        HttpResponse<Buffer> response = send(base, HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)), pathWith(path, Map.of()), bogus + "=1");
        String what = method.toUpperCase(Locale.ROOT) + " " + path + " with an unknown parameter";
        if (response.statusCode() != 400 && response.statusCode() != 401) {
            failures.add(what + " answered " + response.statusCode() + ": " + response.bodyAsString());
        } else {
            check(what, response, response.statusCode() == 400 ? bogus : null, java.util.Set.of(bogus), failures);
        }
        return 1;
    }

    /** Never a 5xx, always JSON, and a 400 caused by a query parameter names it. */
    private static void check(String what, HttpResponse<Buffer> response, String parameter, java.util.Set<String> sent,
                              List<String> failures) {
        int status = response.statusCode();
        if (status >= 500) {
            failures.add(what + " answered " + status + ": " + response.bodyAsString());
            return;
        }
        if (status < 300 || status == 304) {
            return;
        }
        if (!isJson(response) || response.bodyAsJsonObject().getString("error") == null) {
            failures.add(what + " answered " + status + " without a JSON error: " + response.bodyAsString());
            return;
        }
        if (status == 400 && parameter != null) {
            // A garbled parameter may make another one wrong ('to' before a garbled 'from'): the refusal names a parameter sent.
            JsonArray errors = response.bodyAsJsonObject().getJsonArray("errors");
            String named = errors == null ? null : errors.getJsonObject(0).getString("parameter");
            if (named == null || !sent.contains(named)) {
                failures.add(what + " answered 400 without naming a parameter it was sent: " + response.bodyAsString());
            }
        }
    }

    private HttpResponse<Buffer> send(String base, HttpMethod method, String path, String query) {
        return Stack.await(stack.request(method, base + path + (query.isEmpty() ? "" : "?" + query), stack.apiKey).send());
    }

    /** Values that make a valid request of every parameter the operation requires; the optional ones are left out. */
    private static Map<String, String> baseline(List<JsonObject> parameters) {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Map<String, String> valid = Map.of("from", hour.minus(12, ChronoUnit.HOURS).toString(), "to", hour.plus(1, ChronoUnit.HOURS).toString(),
                "q", "shoes");
        Map<String, String> baseline = new LinkedHashMap<>();
        for (JsonObject parameter : parameters) {
            if ("query".equals(parameter.getString("in")) && parameter.getBoolean("required", false)) {
                baseline.put(parameter.getString("name"), valid.get(parameter.getString("name")));
            }
        }
        return baseline;
    }

    private static List<JsonObject> parameters(JsonObject document, JsonObject operation) {
        JsonObject shared = document.getJsonObject("components", new JsonObject()).getJsonObject("parameters", new JsonObject());
        List<JsonObject> parameters = new ArrayList<>();
        for (Object o : operation.getJsonArray("parameters", new JsonArray())) {
            JsonObject parameter = (JsonObject) o;
            if (parameter.containsKey("$ref")) {
                String ref = parameter.getString("$ref");
                parameter = shared.getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
            }
            parameters.add(parameter);
        }
        return parameters;
    }

    /** The path with its templated parameters filled in: the given values, encoded, or 1. */
    private static String pathWith(String path, Map<String, String> values) {
        StringBuilder filled = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (!filled.isEmpty() || !segment.isEmpty()) {
                filled.append('/');
            }
            if (segment.startsWith("{") && segment.endsWith("}")) {
                String value = values.get(segment.substring(1, segment.length() - 1));
                filled.append(value == null ? "1" : URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
            } else {
                filled.append(segment);
            }
        }
        return filled.length() == 0 ? "/" : filled.toString();
    }

    private static String query(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static boolean isJson(HttpResponse<Buffer> response) {
        String type = response.getHeader("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            return false;
        }
        try {
            response.bodyAsJsonObject();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A refusal names the field: in the list of errors, or, for a document that is not JSON at all, in one message. */
    private static boolean namesTheField(JsonObject body, String field) {
        if (field == null) {
            return body.getString("error") != null;
        }
        JsonArray errors = body.getJsonArray("errors");
        return errors != null && errors.stream().map(JsonObject.class::cast)
                .anyMatch(e -> e.getInteger("index") == 0 && field.equals(e.getString("field")) && e.getString("message") != null);
    }

    /** Values no parameter expects: control characters, huge numbers and strings, other scripts, injections. */
    static final class Garbage {

        private static final List<String> FIXED = List.of("", " ", "\u0000", "a\u0000b", "\u001b[2J", "\t", "-1", "0",
                "99999999999999999999999", "1e309", "-1e309", "NaN", "Infinity", "0x10", "1.5", "true", "null", "[]", "{}",
                "'; DROP TABLE orders; --", "\" OR 1=1 --", "../../etc/passwd", "%00", "%zz", "\u202eevil", "\uD83D\uDED2",
                "2026-13-45T99:99:99Z", "2026-11-28T04:00:00", "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "1d", "15m",
                "csv", "json", "\uFFFF", "\uD800");

        private Garbage() {
        }

        static String value(Random random) {
            return switch (random.nextInt(4)) {
                case 0 -> "x".repeat(1 + random.nextInt(3000));
                case 1 -> Long.toString(random.nextLong());
                default -> FIXED.get(random.nextInt(FIXED.size()));
            };
        }

        static String describe(String value) {
            String shown = value.length() > 40 ? value.substring(0, 40) + "… (" + value.length() + " chars)" : value;
            return shown.chars().mapToObj(c -> c < 32 || c == 127 || Character.isSurrogate((char) c)
                    ? String.format("\\u%04x", c) : String.valueOf((char) c)).collect(Collectors.joining());
        }
    }

    /**
     * Valid events of one region, each mutated in one way whose outcome the contract fixes: refused,
     * naming a field (or the whole document when it is not JSON), or accepted with its sales unchanged.
     */
    static final class EventMutations {

        record Mutant(String json, String mutation, boolean mustBeRefused, String field, com.shopstream.contract.ShopEvent original) {
        }

        private final Random random;
        private final String region;
        private final long product;
        private final Instant at = now();

        EventMutations(Random random, String region, long product) {
            this.random = random;
            this.region = region;
            this.product = product;
        }

        Mutant next() {
            int lines = 1 + random.nextInt(3);
            List<com.shopstream.contract.OrderLine> items = new ArrayList<>();
            for (int i = 0; i < lines; i++) {
                items.add(new com.shopstream.contract.OrderLine(product, 1 + random.nextInt(5),
                        BigDecimal.valueOf(random.nextInt(100_000), 2)));
            }
            com.shopstream.contract.ShopEvent order = TestData.order(uniqueId(), region, at.minusSeconds(random.nextInt(60)),
                    items.toArray(com.shopstream.contract.OrderLine[]::new));
            JsonObject json = new JsonObject(new String(com.shopstream.contract.EventJsonWriter.write(order), StandardCharsets.UTF_8));
            return mutate(order, json);
        }

        private Mutant mutate(com.shopstream.contract.ShopEvent order, JsonObject json) {
            String text = json.encode();
            int line = random.nextInt(order.items().size());
            String price = "items[" + line + "].unitPrice";
            String quantity = "items[" + line + "].quantity";
            JsonObject item = json.getJsonArray("items").getJsonObject(line);
            return switch (random.nextInt(24)) {
                case 0 -> refused(remove(json, "eventId"), "eventId removed", "eventId", order);
                case 1 -> refused(remove(json, "occurredAt"), "occurredAt removed", "occurredAt", order);
                case 2 -> refused(remove(json, "customerId"), "customerId removed", "customerId", order);
                case 3 -> refused(remove(json, "region"), "region removed", "region", order);
                case 4 -> refused(remove(json, "items"), "items removed", "items", order);
                case 5 -> refused(json.copy().put("customerId", "c-" + random.nextInt(1000)).encode(), "customerId as a string", "customerId", order);
                case 6 -> refused(json.copy().put("sessionId", "s" + (char) random.nextInt(32) + "x").encode(), "control character in sessionId", "sessionId", order);
                case 7 -> refused(json.copy().put("region", region + (char) random.nextInt(32)).encode(), "control character in region", "region", order);
                case 8 -> refused(json.copy().put("type", "order_placed\u0000").encode(), "NUL in type", "type", order);
                case 9 -> refused(withItem(json, line, item.copy().put("unitPrice", "1" + "0".repeat(33 + random.nextInt(100_000)))),
                        "huge price string", price, order);
                case 10 -> refused(withItem(json, line, item.copy().put("quantity", -random.nextInt(10))), "quantity not positive", quantity, order);
                case 11 -> refused(withItem(json, line, item.copy().put("unitPrice", new BigDecimal("0.001").add(BigDecimal.valueOf(random.nextInt(100))))),
                        "price with 3 decimals", price, order);
                case 12 -> refused(text.replace("\"customerId\":" + order.customerId(), "\"customerId\":1" + "0".repeat(30)), "customerId beyond 64 bits",
                        "customerId", order);
                case 13 -> refused(json.copy().put("occurredAt", "yesterday " + random.nextInt()).encode(), "occurredAt not a time", "occurredAt", order);
                case 14 -> refused(json.copy().put("type", "order_" + "x".repeat(random.nextInt(100_000))).encode(), "unknown type", "type", order);
                case 15 -> refused(text.substring(0, 1 + random.nextInt(text.length() - 2)), "truncated", null, order);
                case 16 -> {
                    int depth = 33 + random.nextInt(5000);
                    yield refused(text.replaceFirst("\\{", "{\"extra\":" + "[".repeat(depth) + "]".repeat(depth) + ","), "nested too deep", null, order);
                }
                case 17 -> refused(text.replaceFirst("\\{", "{\"region\":\"" + region + "\","), "duplicate key", null, order);
                case 18 -> refused(withItem(json, line, item.copy().put("unitPrice", new BigDecimal("1e" + (11 + random.nextInt(1_000_000))))),
                        "price with a huge exponent", price, order);
                case 19 -> accepted(json.copy().put("note", new JsonObject().put("k", "v\u00e9\uD83D\uDED2").put("n", random.nextLong())).encode(),
                        "unknown field", order);
                case 20 -> accepted(remove(json, "sessionId"), "sessionId removed", order);
                case 21 -> accepted(withItem(json, line, item.copy().put("unitPrice", item.getValue("unitPrice").toString() + "0")),
                        "price as a string with a trailing zero", order);
                case 22 -> accepted(" \n" + text + "\n ", "whitespace around", order);
                default -> accepted(text, "unchanged", order);
            };
        }

        /** The region's orders in the minute rollups around the mutants' times, summed. */
        JsonObject totals(Stack stack) {
            return stack.regionTotals(region, at.minusSeconds(180).truncatedTo(ChronoUnit.MINUTES), at.plusSeconds(120));
        }

        private static Mutant refused(String json, String mutation, String field, com.shopstream.contract.ShopEvent order) {
            return new Mutant(json, mutation, true, field, order);
        }

        private static Mutant accepted(String json, String mutation, com.shopstream.contract.ShopEvent order) {
            return new Mutant(json, mutation, false, null, order);
        }

        private static String remove(JsonObject json, String field) {
            JsonObject copy = json.copy();
            copy.remove(field);
            return copy.encode();
        }

        private static String withItem(JsonObject json, int line, JsonObject item) {
            JsonObject copy = json.copy();
            JsonArray items = copy.getJsonArray("items").copy();
            items.set(line, item);
            return copy.put("items", items).encode();
        }
    }
}
