package com.shopstream.it;

import static com.shopstream.it.TestData.line;
import static com.shopstream.it.TestData.now;
import static com.shopstream.it.TestData.order;
import static com.shopstream.it.TestData.product;
import static com.shopstream.it.TestData.uniqueId;
import static com.shopstream.it.TestData.uniqueName;
import static com.shopstream.it.TestData.view;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.EventJsonWriter;
import com.shopstream.contract.ShopEvent;
import com.shopstream.contract.Topics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PipelineEndToEndIT {

    private final Stack stack = Stack.INSTANCE;

    @Test
    @DisplayName("Events through HTTP and Kafka, with duplicates, out-of-order and late ones, give exact realtime, timeseries and top-product figures")
    void exactFiguresEverywhere() {
        String region = uniqueName("it-e2e");
        String electronics = uniqueName("it-cat");
        String books = uniqueName("it-cat");
        long camera = product(stack, electronics, "250000.00");
        long novel = product(stack, books, "2.50");
        long notInCatalog = uniqueId();
        long customer = uniqueId();
        long otherCustomer = uniqueId();
        Instant now = now();

        ShopEvent recent = order(customer, region, now.minusSeconds(2), line(camera, 2, "250000.00"), line(novel, 1, "2.50"));
        ShopEvent twoLinesSameProduct = order(otherCustomer, region, now.minusSeconds(3),
                line(camera, 1, "250000.00"), line(camera, 1, "249999.99"));
        ShopEvent outOfOrder = order(customer, region, now.minusSeconds(90), line(novel, 4, "2.50"));
        ShopEvent late = order(customer, region, now.minusSeconds(600), line(notInCatalog, 3, "0.10"));
        ShopEvent reusedOrderId = order(UUID.randomUUID(), recent.orderId(), customer, region, recent.occurredAt(),
                recent.items().toArray(new com.shopstream.contract.OrderLine[0]));
        List<ShopEvent> views = List.of(view(customer, now.minusSeconds(5), camera), view(otherCustomer, now.minusSeconds(4), novel),
                view(customer, now.minusSeconds(1), novel));
        JsonObject before = stack.status();

        // The recent orders go first, so the partition's watermark is ahead of the late ones.
        assertThat(stack.postEvents(jsonArray(List.of(recent, views.get(0), views.get(1)))).statusCode()).isEqualTo(202);
        stack.produce(List.of(twoLinesSameProduct, views.get(2)));
        stack.awaitCaughtUp(stack.timeout());
        assertThat(stack.postEvents(jsonArray(List.of(outOfOrder, late))).statusCode()).isEqualTo(202);
        stack.produce(List.of(recent, reusedOrderId));
        assertThat(stack.postEvents(jsonArray(List.of(twoLinesSameProduct))).statusCode()).isEqualTo(202);
        stack.awaitCaughtUp(stack.timeout());

        JsonObject after = stack.status();
        assertThat(delta(before, after, "eventsStored")).isEqualTo(7);
        assertThat(delta(before, after, "duplicatesDropped")).isEqualTo(3);
        assertThat(delta(before, after, "lateEvents")).isEqualTo(2);
        assertThat(delta(before, after, "deadLettered")).isZero();

        Expected lastMinute = Expected.of(recent, twoLinesSameProduct);
        Expected lastFive = Expected.of(recent, twoLinesSameProduct, outOfOrder);
        Expected all = Expected.of(recent, twoLinesSameProduct, outOfOrder, late);
        lastMinute.assertMatches(group("1m", "region", region), "1m window of the region");
        lastFive.assertMatches(group("5m", "region", region), "5m window of the region");
        all.assertMatches(group("15m", "region", region), "15m window of the region");
        all.assertMatches(group("1h", "region", region), "1h window of the region");

        Expected electronicsSales = new Expected();
        electronicsSales.revenue = new BigDecimal("999999.99");
        electronicsSales.orders = 2;
        electronicsSales.units = 4;
        electronicsSales.assertMatches(group("1m", "category", electronics), "1m window of the camera's category");
        Expected booksSales = new Expected();
        booksSales.revenue = new BigDecimal("12.50");
        booksSales.orders = 2;
        booksSales.units = 5;
        booksSales.assertMatches(group("5m", "category", books), "5m window of the novel's category");

        assertTimeseries(region, now, all, recent, twoLinesSameProduct, outOfOrder, late);
        assertTopProduct(camera, "999999.99", 4);
        assertStoredOnce(region, all, recent, reusedOrderId);
    }

    @Test
    @DisplayName("Events sent straight to Kafka beyond the allowed lateness or too far ahead are dead-lettered with their reason and counted")
    void outOfBoundsEventsAreDeadLettered() {
        String region = uniqueName("it-dlq");
        long customer = uniqueId();
        ShopEvent ancient = order(customer, region, now().minus(Duration.ofDays(8)), line(1, 1, "1.00"));
        ShopEvent future = order(customer, region, now().plus(Duration.ofMinutes(10)), line(1, 1, "1.00"));
        JsonObject before = stack.status();
        try (DeadLetters deadLetters = new DeadLetters(stack)) {
            stack.produce(List.of(ancient, future));
            List<DeadLetters.Letter> letters = deadLetters.awaitMatching(stack.timeout(), List.of(
                    containing(ancient.eventId()), containing(future.eventId())));
            assertThat(letters.get(0).headers()).containsEntry(Topics.HEADER_FIELD, "occurredAt")
                    .containsEntry(Topics.HEADER_REASON, "occurredAt: is older than the allowed lateness of 7 days");
            assertThat(letters.get(1).headers().get(Topics.HEADER_REASON)).isEqualTo("occurredAt: is more than 5 minutes in the future");
            assertThat(letters.get(0).headers()).containsKeys(Topics.HEADER_SOURCE_PARTITION, Topics.HEADER_SOURCE_OFFSET);
        }
        stack.awaitCaughtUp(stack.timeout());
        JsonObject after = stack.status();
        assertThat(delta(before, after, "deadLettered")).isEqualTo(2);
        assertThat(delta(before, after, "eventsStored")).isZero();
        assertThat(stack.sql("SELECT count(*) FROM orders WHERE region = $1", region).iterator().next().getLong(0)).isZero();
    }

    private static Predicate<DeadLetters.Letter> containing(UUID eventId) {
        return letter -> letter.valueText().contains(eventId.toString());
    }

    private void assertTimeseries(String region, Instant now, Expected all, ShopEvent... orders) {
        Instant from = now.minus(Duration.ofMinutes(15)).truncatedTo(ChronoUnit.MINUTES);
        Instant to = now.plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MINUTES);
        JsonObject minutes = stack.getJson("/v1/sales/timeseries?granularity=minute&from=" + from + "&to=" + to + "&region=" + region);
        JsonArray points = minutes.getJsonArray("points");
        assertThat(points).hasSize((int) Duration.between(from, to).toMinutes());

        Map<String, Expected> byMinute = new HashMap<>();
        for (ShopEvent order : orders) {
            byMinute.computeIfAbsent(order.occurredAt().truncatedTo(ChronoUnit.MINUTES).toString(), k -> new Expected()).add(order);
        }
        for (Object o : points) {
            JsonObject point = (JsonObject) o;
            byMinute.getOrDefault(point.getString("bucket"), new Expected()).assertMatches(point, "minute " + point.getString("bucket"));
        }

        JsonObject hours = stack.getJson("/v1/sales/timeseries?granularity=hour&from=" + from + "&to=" + to + "&region=" + region);
        Expected summed = new Expected();
        for (Object o : hours.getJsonArray("points")) {
            JsonObject point = (JsonObject) o;
            summed.revenue = summed.revenue.add(new BigDecimal(point.getValue("revenue").toString()));
            summed.orders += point.getLong("orders");
            summed.units += point.getLong("units");
        }
        assertThat(summed.toString()).isEqualTo(all.toString());
    }

    private void assertTopProduct(long productId, String revenue, long units) {
        JsonArray products = stack.getJson("/v1/products/top?window=1h&limit=100").getJsonArray("products");
        JsonObject ours = products.stream().map(JsonObject.class::cast)
                .filter(p -> p.getLong("productId") == productId).findFirst()
                .orElseThrow(() -> new AssertionError("product " + productId + " is not among the top 100: " + products));
        assertThat(new BigDecimal(ours.getValue("revenue").toString())).isEqualByComparingTo(revenue);
        assertThat(ours.getLong("units")).isEqualTo(units);
        assertThat(ours.getString("name")).isEqualTo("Test product " + productId);
    }

    private void assertStoredOnce(String region, Expected all, ShopEvent recent, ShopEvent reusedOrderId) {
        Row orders = stack.sql("SELECT count(*), sum(revenue), sum(units) FROM orders WHERE region = $1", region).iterator().next();
        assertThat(orders.getLong(0)).isEqualTo(all.orders);
        assertThat(orders.getBigDecimal(1)).isEqualByComparingTo(all.revenue);
        assertThat(orders.getLong(2)).isEqualTo(all.units);
        Row rollup = stack.sql("SELECT sum(revenue), sum(orders), sum(units) FROM sales_by_region_minute WHERE region = $1", region)
                .iterator().next();
        assertThat(rollup.getBigDecimal(0)).isEqualByComparingTo(all.revenue);
        assertThat(rollup.getLong(1)).isEqualTo(all.orders);
        assertThat(stack.sql("SELECT count(*) FROM events WHERE event_id = $1", recent.eventId()).iterator().next().getLong(0))
                .isEqualTo(1);
        assertThat(stack.sql("SELECT count(*) FROM events WHERE event_id = $1", reusedOrderId.eventId()).iterator().next().getLong(0))
                .as("the row of an order placed again under a new eventId, taken back").isZero();
    }

    private JsonObject group(String window, String groupBy, String key) {
        JsonObject body = stack.getJson("/v1/sales/realtime?window=" + window + "&groupBy=" + groupBy);
        assertThat(body.getString("window")).isEqualTo(window);
        return body.getJsonArray("groups").stream().map(JsonObject.class::cast)
                .filter(g -> key.equals(g.getString("key"))).findFirst().orElse(null);
    }

    private static long delta(JsonObject before, JsonObject after, String counter) {
        return after.getLong(counter) - before.getLong(counter);
    }

    static String jsonArray(List<ShopEvent> events) {
        return events.stream().map(e -> new String(EventJsonWriter.write(e), StandardCharsets.UTF_8))
                .collect(Collectors.joining(",", "[", "]"));
    }
}
