package com.shopstream.it;

import static com.shopstream.it.TestData.cancellation;
import static com.shopstream.it.TestData.line;
import static com.shopstream.it.TestData.now;
import static com.shopstream.it.TestData.order;
import static com.shopstream.it.TestData.product;
import static com.shopstream.it.TestData.stockAdjustment;
import static com.shopstream.it.TestData.uniqueId;
import static com.shopstream.it.TestData.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.ShopEvent;
import com.shopstream.contract.StockReason;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Row;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CancellationsIT {

    private final Stack stack = Stack.INSTANCE;

    @Test
    @DisplayName("A cancellation nets its order out of every figure in the order's bucket, once; stock follows orders, cancellations and adjustments")
    void cancellationsAndStock() {
        String region = uniqueName("it-cancel");
        String category = uniqueName("it-cat");
        long shirt = product(stack, category, "10.00");
        long socks = product(stack, category, "2.50");
        long customer = uniqueId();
        Instant now = now();
        ShopEvent cancelled = order(customer, region, now.minusSeconds(90), line(shirt, 2, "10.00"));
        ShopEvent kept = order(customer, region, now.minusSeconds(30), line(shirt, 1, "10.00"), line(socks, 3, "2.50"));
        JsonObject before = stack.status();

        HttpResponse<Buffer> posted = stack.postEvents(PipelineEndToEndIT.jsonArray(List.of(cancelled)));
        assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(202);
        stack.produce(List.of(kept));
        stack.awaitCaughtUp(stack.timeout());
        assertThat(stock(category)).containsExactlyInAnyOrder(shirt + "=7", socks + "=7");

        ShopEvent cancel = cancellation(customer, cancelled.orderId(), now.minusSeconds(5));
        stack.produce(List.of(cancel, stockAdjustment(shirt, 5, StockReason.RESTOCK, now), stockAdjustment(socks, -2, StockReason.ADJUSTMENT, now)));
        HttpResponse<Buffer> cancels = stack.postEvents(PipelineEndToEndIT.jsonArray(List.of(
                cancellation(customer, cancelled.orderId(), now.minusSeconds(4)),
                cancellation(customer, uniqueId(), now.minusSeconds(3)))));
        assertThat(cancels.statusCode()).as(cancels.bodyAsString()).isEqualTo(202);
        stack.awaitCaughtUp(stack.timeout());

        JsonObject after = stack.status();
        assertThat(after.getLong("cancellationsApplied") - before.getLong("cancellationsApplied")).isEqualTo(1);
        assertThat(after.getLong("cancellationsIgnored") - before.getLong("cancellationsIgnored")).isEqualTo(2);
        assertThat(after.getLong("eventsStored") - before.getLong("eventsStored")).isEqualTo(7);

        Expected net = Expected.of(kept);
        net.assertMatches(realtime(region), "15m window of the region");
        JsonObject minutes = stack.getJson("/v1/sales/timeseries?granularity=minute&region=" + region
                + "&from=" + now.minus(Duration.ofMinutes(5)) + "&to=" + now.plus(Duration.ofMinutes(1)));
        for (Object o : minutes.getJsonArray("points")) {
            JsonObject point = (JsonObject) o;
            Instant bucket = Instant.parse(point.getString("bucket"));
            (bucket.equals(kept.occurredAt().truncatedTo(ChronoUnit.MINUTES)) ? net : new Expected())
                    .assertMatches(point, "minute " + bucket);
        }
        assertTopProduct(shirt, "10.00", 1);
        assertThat(stock(category)).containsExactlyInAnyOrder(shirt + "=14", socks + "=5");

        Row order = stack.sql("SELECT cancelled_at, cancel_event_id FROM orders WHERE order_id = $1", cancelled.orderId())
                .iterator().next();
        assertThat(order.getValue(0)).isNotNull();
        assertThat(order.getUUID(1)).isEqualTo(cancel.eventId());

        // Rebuilt from PostgreSQL, the windows still hold the cancellation.
        Stack.await(stack.redis.send(Request.cmd(Command.FLUSHDB)));
        stack.awaitCaughtUp(Duration.ofMinutes(10));
        net.assertMatches(realtime(region), "15m window after Redis was rebuilt");
    }

    @Test
    @DisplayName("Stock moved by several partitions' batches adds up; a count the shop sets replaces it, and later moves follow")
    void stockAcrossPartitions() {
        String category = uniqueName("it-cat");
        String region = uniqueName("it-stock");
        long item = product(stack, category, "3.00");
        Instant now = now();
        List<ShopEvent> orders = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            orders.add(order(uniqueId(), region, now.minusSeconds(5), line(item, 1, "3.00")));
        }
        stack.produce(orders);
        stack.awaitCaughtUp(stack.timeout());
        assertThat(stack.sql("SELECT count(*) FROM product_stock_moves WHERE product_id = $1", item).iterator().next().getLong(0))
                .as("partitions whose batches moved the stock").isGreaterThan(1);
        assertThat(stock(category)).containsExactly(item + "=2");

        HttpResponse<Buffer> counted = stack.put("/v1/products/" + item, new JsonObject().put("name", "Counted item")
                .put("description", "Stock counted by the shop").put("category", category).put("brand", "it")
                .put("price", new BigDecimal("3.00")).put("stock", 40).encode());
        assertThat(counted.statusCode()).as(counted.bodyAsString()).isEqualTo(200);
        assertThat(stock(category)).containsExactly(item + "=40");

        stack.produce(List.of(order(uniqueId(), region, now, line(item, 3, "3.00"))));
        stack.awaitCaughtUp(stack.timeout());
        assertThat(stock(category)).containsExactly(item + "=37");
    }

    @Test
    @DisplayName("A cancellation read before its order is ignored, also when both are stored by the same batch")
    void cancellationBeforeItsOrder() {
        String region = uniqueName("it-cancel-first");
        long item = product(stack, uniqueName("it-cat"), "4.00");
        long customer = uniqueId();
        Instant now = now();
        ShopEvent order = order(customer, region, now.minusSeconds(20), line(item, 2, "4.00"));
        ShopEvent cancel = cancellation(customer, order.orderId(), now.minusSeconds(10));
        JsonObject before = stack.status();

        stack.produceInOneBatch(List.of(cancel, order));
        stack.awaitCaughtUp(stack.timeout());

        JsonObject after = stack.status();
        assertThat(after.getLong("cancellationsApplied") - before.getLong("cancellationsApplied")).isZero();
        assertThat(after.getLong("cancellationsIgnored") - before.getLong("cancellationsIgnored")).isEqualTo(1);
        assertThat(stack.sql("SELECT cancelled_at FROM orders WHERE order_id = $1", order.orderId()).iterator().next().getValue(0))
                .isNull();
        // Redis is applied after the commit the lag follows, and answers are reused for 100 ms.
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .untilAsserted(() -> Expected.of(order).assertMatches(realtime(region), "15m window of the region"));
    }

    private JsonObject realtime(String region) {
        return stack.getJson("/v1/sales/realtime?window=15m&groupBy=region").getJsonArray("groups").stream()
                .map(JsonObject.class::cast).filter(g -> region.equals(g.getString("key"))).findFirst().orElse(null);
    }

    private void assertTopProduct(long productId, String revenue, long units) {
        JsonObject product = stack.getJson("/v1/products/top?window=15m&limit=100").getJsonArray("products").stream()
                .map(JsonObject.class::cast).filter(p -> p.getLong("productId") == productId).findFirst().orElse(null);
        if (product == null) {
            return;
        }
        assertThat(new BigDecimal(product.getValue("revenue").toString())).isEqualByComparingTo(revenue);
        assertThat(product.getLong("units")).isEqualTo(units);
    }

    private List<String> stock(String category) {
        return stack.getJson("/v1/products?limit=10&category=" + category).getJsonArray("products").stream()
                .map(JsonObject.class::cast).map(p -> p.getLong("id") + "=" + p.getLong("stock")).toList();
    }
}
