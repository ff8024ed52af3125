package com.shopstream.it;

import static com.shopstream.it.TestData.line;
import static com.shopstream.it.TestData.order;
import static com.shopstream.it.TestData.product;
import static com.shopstream.it.TestData.uniqueId;
import static com.shopstream.it.TestData.uniqueName;
import static com.shopstream.it.TestData.view;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.OrderLine;
import com.shopstream.contract.ShopEvent;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Kills aggregators, and PostgreSQL under all three services, with SIGKILL while events stream in,
 * and checks that every total in PostgreSQL and in Redis is exact: nothing lost, nothing counted
 * twice. The stack's own processes are restarted by the supervisor, with no infra/up.
 */
@Tag(Stack.LOCAL_ONLY)
class CrashRecoveryIT {

    private static final int ORDERS = 6000;
    private static final int VIEWS = 6000;
    private static final int RATE_PER_SECOND = 1000;

    private final Stack stack = Stack.INSTANCE;
    private final Random random = new Random();

    /** The events of one run: what is sent, including re-sent duplicates, and what must come out. */
    private record Workload(String region, List<ShopEvent> toSend, Expected expected, int unique, int duplicates,
                            long product, BigDecimal productRevenue, long productUnits) {
    }

    @Test
    @DisplayName("The aggregator killed with -9 three times mid-stream and restarted by the supervisor: all totals exact")
    void singleAggregatorKilledRepeatedly() throws Exception {
        Workload workload = workload();
        JsonObject before = stack.status();

        CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produceAtRate(workload.toSend()));
        for (int kill = 0; kill < 3; kill++) {
            TimeUnit.MILLISECONDS.sleep(1500 + random.nextInt(2500));
            stack.awaitRestarted("aggregator", stack.killNine("aggregator"));
        }
        producing.get(5, TimeUnit.MINUTES);

        stack.awaitCaughtUp(Duration.ofMinutes(3));
        assertExact(workload, before);
    }

    @Test
    @DisplayName("PostgreSQL killed with -9 mid-stream and restarted by the supervisor: all totals exact")
    void databaseKilled() throws Exception {
        Workload workload = workload();
        JsonObject before = stack.status();

        CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produceAtRate(workload.toSend()));
        TimeUnit.MILLISECONDS.sleep(2000 + random.nextInt(2000));
        stack.awaitRestarted("postgres", stack.killNine("postgres"));
        producing.get(5, TimeUnit.MINUTES);

        stack.awaitCaughtUp(Duration.ofMinutes(3));
        assertExact(workload, before);
    }

    @Test
    @DisplayName("Two aggregators sharing the partitions, each killed with -9 mid-stream: all totals exact")
    void twoAggregatorsKilledInTurn() throws Exception {
        Workload workload = workload();
        JsonObject before = stack.status();
        ServiceProcess second = startSecondAggregator();
        try {
            CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produceAtRate(workload.toSend()));
            TimeUnit.MILLISECONDS.sleep(2000 + random.nextInt(1000));
            second.kill();
            TimeUnit.MILLISECONDS.sleep(1000 + random.nextInt(1000));
            second = startSecondAggregator();
            TimeUnit.MILLISECONDS.sleep(1000 + random.nextInt(1500));
            stack.awaitRestarted("aggregator", stack.killNine("aggregator"));
            producing.get(5, TimeUnit.MINUTES);
            stack.awaitCaughtUp(Duration.ofMinutes(3));
        } finally {
            second.close();
        }
        stack.awaitCaughtUp(Duration.ofMinutes(3));
        assertExact(workload, before);
    }

    private ServiceProcess startSecondAggregator() throws Exception {
        return ServiceProcess.start(stack, "aggregator", "SHOP_AGGREGATOR_PORT", Map.of())
                .awaitListening(Duration.ofSeconds(60));
    }

    private Workload workload() {
        String region = uniqueName("it-crash");
        String category = uniqueName("it-cat");
        long productA = product(stack, category, "19.99");
        long productB = product(stack, category, "0.10");
        List<ShopEvent> unique = new ArrayList<>();
        Expected expected = new Expected();
        long[] customers = new long[50];
        for (int i = 0; i < customers.length; i++) {
            customers[i] = uniqueId();
        }
        for (int i = 0; i < ORDERS + VIEWS; i++) {
            long customer = customers[random.nextInt(customers.length)];
            ShopEvent event = i % 2 == 0
                    ? order(customer, region, TestData.now(), line(productA, 1 + random.nextInt(3), "19.99"),
                            line(productB, 1 + random.nextInt(5), "0.10"))
                    : view(customer, TestData.now(), random.nextBoolean() ? productA : productB);
            unique.add(event);
            if (event.isOrder()) {
                expected.add(event);
            }
        }
        List<ShopEvent> toSend = new ArrayList<>(unique);
        int duplicates = unique.size() / 20;
        for (int i = 0; i < duplicates; i++) {
            toSend.add(random.nextInt(toSend.size()), unique.get(random.nextInt(unique.size())));
        }
        BigDecimal productRevenue = BigDecimal.ZERO;
        long productUnits = 0;
        for (ShopEvent event : unique) {
            for (OrderLine line : event.items()) {
                if (line.productId() == productA) {
                    productRevenue = productRevenue.add(line.lineTotal());
                    productUnits += line.quantity();
                }
            }
        }
        return new Workload(region, toSend, expected, unique.size(), duplicates, productA, productRevenue, productUnits);
    }

    private void produceAtRate(List<ShopEvent> events) {
        int chunk = RATE_PER_SECOND / 10;
        for (int from = 0; from < events.size(); from += chunk) {
            long started = System.nanoTime();
            stack.produce(events.subList(from, Math.min(events.size(), from + chunk)));
            long rest = TimeUnit.MILLISECONDS.toNanos(100) - (System.nanoTime() - started);
            if (rest > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(rest);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void assertExact(Workload workload, JsonObject before) {
        Expected expected = workload.expected();
        JsonObject after = stack.status();
        assertThat(after.getLong("eventsStored") - before.getLong("eventsStored")).as("events stored").isEqualTo(workload.unique());
        assertThat(after.getLong("duplicatesDropped") - before.getLong("duplicatesDropped")).as("duplicates dropped")
                .isEqualTo(workload.duplicates());

        Row orders = stack.sql("SELECT count(*), sum(revenue), sum(units) FROM orders WHERE region = $1", workload.region())
                .iterator().next();
        assertThat(orders.getLong(0)).as("orders stored").isEqualTo(expected.orders);
        assertThat(orders.getBigDecimal(1)).as("revenue stored").isEqualByComparingTo(expected.revenue);
        assertThat(orders.getLong(2)).as("units stored").isEqualTo(expected.units);
        Row rollup = stack.sql("SELECT sum(revenue), sum(orders), sum(units) FROM sales_by_region_minute WHERE region = $1",
                workload.region()).iterator().next();
        assertThat(rollup.getBigDecimal(0)).as("rollup revenue").isEqualByComparingTo(expected.revenue);
        assertThat(rollup.getLong(1)).as("rollup orders").isEqualTo(expected.orders);
        assertThat(rollup.getLong(2)).as("rollup units").isEqualTo(expected.units);

        JsonObject realtime = stack.getJson("/v1/sales/realtime?window=15m&groupBy=region").getJsonArray("groups").stream()
                .map(JsonObject.class::cast).filter(g -> workload.region().equals(g.getString("key"))).findFirst().orElse(null);
        expected.assertMatches(realtime, "Redis 15m window of the region");

        // The run's best seller takes far more than any load or other test in the window: it is in the top 100.
        JsonObject product = stack.getJson("/v1/products/top?window=15m&limit=100").getJsonArray("products").stream()
                .map(JsonObject.class::cast).filter(p -> p.getLong("productId") == workload.product()).findFirst()
                .orElseThrow(() -> new AssertionError("the run's product is not among the top 100"));
        assertThat(new BigDecimal(product.getValue("revenue").toString())).as("Redis top-product revenue")
                .isEqualByComparingTo(workload.productRevenue());
        assertThat(product.getLong("units")).as("Redis top-product units").isEqualTo(workload.productUnits());
    }
}
