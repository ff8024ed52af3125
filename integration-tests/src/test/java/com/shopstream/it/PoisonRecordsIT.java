package com.shopstream.it;

import static com.shopstream.it.TestData.line;
import static com.shopstream.it.TestData.now;
import static com.shopstream.it.TestData.order;
import static com.shopstream.it.TestData.product;
import static com.shopstream.it.TestData.stockAdjustment;
import static com.shopstream.it.TestData.uniqueId;
import static com.shopstream.it.TestData.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.EventJsonWriter;
import com.shopstream.contract.OrderLine;
import com.shopstream.contract.ShopEvent;
import com.shopstream.contract.StockReason;
import com.shopstream.contract.Topics;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Poison records of every kind the pipeline has met, through ingest and straight onto the topic,
 * each followed by valid orders whose totals must come out exact: no record can stop or hang the
 * aggregator, and nothing valid around a poison record is lost or counted twice.
 */
class PoisonRecordsIT {

    private final Stack stack = Stack.INSTANCE;

    @Test
    @DisplayName("Poison records on the topic (NUL, huge unknown type, a record too large to copy, deep nesting, huge numbers) are dead-lettered; the orders around them count exactly")
    void poisonOnTheTopic() throws Exception {
        String region = uniqueName("it-poison");
        long product = product(stack, uniqueName("it-cat"), "5.00");
        long customer = uniqueId();
        Instant now = now();
        String key = Long.toString(customer);
        String nul = json(order(customer, region, now, line(product, 1, "5.00"))).replaceFirst("\"sessionId\":\"[^\"]*\"", "\"sessionId\":\"s-\\\\u0000\"");
        byte[] hugeType = bytes(json(order(customer, region, now, line(product, 1, "5.00")))
                .replace("\"order_placed\"", "\"" + "x".repeat(600_000) + "\""));
        byte[] tooLargeToCopy = bytes("{\"eventId\":\"" + UUID.randomUUID() + "\",\"junk\":\"" + "y".repeat(1_000_000) + "\"}");
        String deep = json(order(customer, region, now, line(product, 1, "5.00")))
                .replace("\"customerId\"", "\"extra\":" + "[".repeat(100_000) + "]".repeat(100_000) + ",\"customerId\"");
        String hugePrice = json(order(customer, region, now, line(product, 1, "5.00")))
                .replaceFirst("\"unitPrice\":[0-9.]+", "\"unitPrice\":\"1" + "0".repeat(500_000) + "\"");
        Expected expected = new Expected();
        JsonObject before = stack.status();

        try (DeadLetters deadLetters = new DeadLetters(stack)) {
            List<byte[]> poison = List.of(bytes(nul), hugeType, tooLargeToCopy, bytes(deep), bytes(hugePrice));
            for (byte[] record : poison) {
                ShopEvent valid = order(customer, region, now, line(product, 2, "5.00"));
                stack.produceRaw(key, record);
                stack.produceRaw(key, EventJsonWriter.write(valid));
                expected.add(valid);
            }

            List<DeadLetters.Letter> letters = deadLetters.awaitMatching(stack.timeout(), List.of(
                    sameValue(bytes(nul)), sameValue(hugeType), DeadLetters.Letter::isReference, sameValue(bytes(deep)),
                    sameValue(bytes(hugePrice))));
            assertThat(reason(letters.get(0))).isEqualTo("sessionId: must not contain control characters (U+0000 at position 2)");
            assertThat(reason(letters.get(1))).startsWith("type: unknown event type 'xxx").hasSizeLessThanOrEqualTo(1000);
            JsonObject reference = new JsonObject(letters.get(2).valueText());
            assertThat(reference.getString("topic")).isEqualTo(Topics.EVENTS);
            assertThat(reference.getInteger("valueSize")).isEqualTo(tooLargeToCopy.length);
            assertThat(reference.getString("valueSha256")).isEqualTo(sha256(tooLargeToCopy));
            assertThat(reason(letters.get(2))).contains("customerId: is required");
            assertThat(reason(letters.get(3))).startsWith("malformed JSON").contains("nesting depth");
            assertThat(reason(letters.get(4))).isEqualTo("items[0].unitPrice: must be a decimal number of at most 32 characters");
        }
        stack.awaitCaughtUp(stack.timeout());

        JsonObject after = stack.status();
        assertThat(after.getLong("deadLettered") - before.getLong("deadLettered")).isEqualTo(5);
        assertThat(after.getLong("eventsStored") - before.getLong("eventsStored")).isEqualTo(5);
        expected.assertMatches(totalsAround(region, now), "the region's orders in PostgreSQL");
        expected.assertMatches(realtime(region), "the region's 15m window in Redis");
    }

    @Test
    @DisplayName("Poison requests to ingest are refused with 400 naming the field and reason; the valid requests after them count exactly")
    void poisonThroughIngest() {
        String region = uniqueName("it-poison-http");
        long product = product(stack, uniqueName("it-cat"), "5.00");
        long customer = uniqueId();
        Instant now = now();
        String valid = json(order(customer, region, now, line(product, 1, "5.00")));
        record Refusal(String body, String field, String message) {
        }
        List<Refusal> refusals = List.of(
                new Refusal(valid.replaceFirst("\"sessionId\":\"[^\"]*\"", "\"sessionId\":\"s-\\\\u0000\""),
                        "sessionId", "must not contain control characters (U+0000 at position 2)"),
                new Refusal(valid.replaceFirst("\"unitPrice\":[0-9.]+", "\"unitPrice\":\"1" + "0".repeat(1_000_000) + "\""),
                        "items[0].unitPrice", "must be a decimal number of at most 32 characters"),
                new Refusal(valid.replace("\"order_placed\"", "\"\\\\u0007" + "x".repeat(100_000) + "\""),
                        "type", null));
        Expected expected = new Expected();

        for (Refusal refusal : refusals) {
            HttpResponse<Buffer> refused = stack.postEvents(refusal.body());
            assertThat(refused.statusCode()).as(refusal.field()).isEqualTo(400);
            JsonObject error = refused.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0);
            assertThat(error.getInteger("index")).isZero();
            assertThat(error.getString("field")).isEqualTo(refusal.field());
            if (refusal.message() != null) {
                assertThat(error.getString("message")).isEqualTo(refusal.message());
            }
            assertThat(error.getString("message")).hasSizeLessThan(300);
            ShopEvent after = order(customer, region, now, line(product, 3, "5.00"));
            assertThat(stack.postEvents(json(after)).statusCode()).isEqualTo(202);
            expected.add(after);
        }
        HttpResponse<Buffer> deep = stack.postEvents("[" + "[".repeat(50_000) + "]".repeat(50_000) + "]");
        assertThat(deep.statusCode()).isEqualTo(400);
        assertThat(deep.bodyAsJsonObject().getString("error")).startsWith("malformed JSON").contains("nesting depth");

        stack.awaitCaughtUp(stack.timeout());
        expected.assertMatches(totalsAround(region, now), "the region's orders in PostgreSQL");
    }

    @Test
    @DisplayName("Stock beyond 32 bits: a million units on each of 1,000 lines, three orders in one batch, then a count of 2^31-1 and a restock")
    void stockBeyond32Bits() {
        String category = uniqueName("it-cat");
        String region = uniqueName("it-bulk");
        long product = product(stack, category, "0.01");
        Instant now = now();
        OrderLine[] lines = Collections.nCopies(1000, line(product, 1_000_000, "0.01")).toArray(OrderLine[]::new);
        List<ShopEvent> orders = List.of(order(1, region, now, lines), order(1, region, now, lines), order(1, region, now, lines));

        stack.produceInOneBatch(orders);
        stack.awaitCaughtUp(stack.timeout());
        assertThat(stock(category, product)).isEqualTo(10 - 3_000_000_000L);
        Expected.of(orders.toArray(ShopEvent[]::new)).assertMatches(totalsAround(region, now), "the region's bulk orders");

        HttpResponse<Buffer> counted = stack.put("/v1/products/" + product, new JsonObject().put("name", "Bulk item")
                .put("description", "Counted").put("category", category).put("brand", "it")
                .put("price", new BigDecimal("0.01")).put("stock", Integer.MAX_VALUE).encode());
        assertThat(counted.statusCode()).as(counted.bodyAsString()).isEqualTo(200);
        stack.produce(List.of(stockAdjustment(product, 1_000_000, StockReason.RESTOCK, now)));
        stack.awaitCaughtUp(stack.timeout());

        assertThat(stock(category, product)).isEqualTo(Integer.MAX_VALUE + 1_000_000L);
        HttpResponse<Buffer> alerts = stack.get("/v1/inventory/alerts?limit=10");
        assertThat(alerts.statusCode()).as(alerts.bodyAsString()).isEqualTo(200);
    }

    // Reads the aggregator's health on its single-topology port.
    @Tag(Stack.SINGLE_TOPOLOGY)
    @Test
    @DisplayName("A record PostgreSQL refuses is isolated from its batch and dead-lettered with the refusal; the rest of the batch is stored once")
    void refusedByPostgresIsIsolated() throws Exception {
        String region = uniqueName("it-refused");
        String marker = "it-poison-" + UUID.randomUUID();
        long product = product(stack, uniqueName("it-cat"), "7.00");
        long customer = uniqueId();
        Instant now = now();
        List<ShopEvent> batch = new ArrayList<>();
        Expected expected = new Expected();
        for (int i = 0; i < 9; i++) {
            ShopEvent valid = order(customer, region, now, line(product, 1, "7.00"));
            batch.add(valid);
            expected.add(valid);
        }
        ShopEvent poison = order(customer, marker, region, now, line(product, 100, "7.00"));
        batch.add(4, poison);
        JsonObject before = stack.status();
        // A rule the contract does not know, as a schema change or an extension might add: PostgreSQL refuses the value.
        stack.sql("""
                CREATE FUNCTION it_refuse_marked_session() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'session % is refused by a test rule', NEW.session_id
                        USING ERRCODE = 'check_violation', COLUMN = 'session_id';
                END $$""".replace("it_refuse_marked_session", functionName(marker)));
        stack.sql("CREATE TRIGGER " + functionName(marker) + " BEFORE INSERT ON events FOR EACH ROW WHEN (NEW.session_id = '"
                + marker + "') EXECUTE FUNCTION " + functionName(marker) + "()");
        try (DeadLetters deadLetters = new DeadLetters(stack)) {
            stack.produceInOneBatch(batch);
            DeadLetters.Letter letter = deadLetters.awaitMatching(stack.timeout(), List.<Predicate<DeadLetters.Letter>>of(
                    l -> l.valueText().contains(marker))).get(0);
            assertThat(reason(letter)).isEqualTo("refused by PostgreSQL (SQLSTATE 23514): session " + marker + " is refused by a test rule");
            assertThat(letter.headers()).containsEntry(Topics.HEADER_FIELD, "session_id");
            assertThat(letter.value()).isEqualTo(EventJsonWriter.write(poison));
            stack.awaitCaughtUp(stack.timeout());
        } finally {
            stack.sql("DROP TRIGGER " + functionName(marker) + " ON events");
            stack.sql("DROP FUNCTION " + functionName(marker) + "()");
        }

        JsonObject after = stack.status();
        assertThat(after.getLong("deadLettered") - before.getLong("deadLettered")).isEqualTo(1);
        assertThat(after.getLong("eventsStored") - before.getLong("eventsStored")).isEqualTo(9);
        expected.assertMatches(totalsAround(region, now), "the region's orders in PostgreSQL");
        expected.assertMatches(realtime(region), "the region's 15m window in Redis");
        JsonObject health = new JsonObject(Stack.await(stack.http.getAbs(stack.aggregator + "/health").send()).bodyAsString());
        assertThat(health.getString("status")).isEqualTo("up");
    }

    private static String functionName(String marker) {
        return "it_refuse_" + marker.replaceAll("[^a-z0-9]", "_");
    }

    private JsonObject totalsAround(String region, Instant at) {
        return stack.regionTotals(region, at.minus(Duration.ofMinutes(2)), at.plus(Duration.ofMinutes(2)));
    }

    private JsonObject realtime(String region) {
        return stack.getJson("/v1/sales/realtime?window=15m&groupBy=region").getJsonArray("groups").stream()
                .map(JsonObject.class::cast).filter(g -> region.equals(g.getString("key"))).findFirst().orElse(null);
    }

    private long stock(String category, long product) {
        return stack.getJson("/v1/products?limit=10&category=" + category).getJsonArray("products").stream()
                .map(JsonObject.class::cast).filter(p -> p.getLong("id") == product).findFirst().orElseThrow().getLong("stock");
    }

    private static String json(ShopEvent event) {
        return new String(EventJsonWriter.write(event), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String reason(DeadLetters.Letter letter) {
        return letter.headers().get(Topics.HEADER_REASON);
    }

    private static Predicate<DeadLetters.Letter> sameValue(byte[] value) {
        return letter -> Arrays.equals(letter.value(), value);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
