package com.shopstream.it;

import static com.shopstream.it.TestData.cancellation;
import static com.shopstream.it.TestData.line;
import static com.shopstream.it.TestData.now;
import static com.shopstream.it.TestData.order;
import static com.shopstream.it.TestData.product;
import static com.shopstream.it.TestData.step;
import static com.shopstream.it.TestData.uniqueId;
import static com.shopstream.it.TestData.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.EventType;
import com.shopstream.contract.ShopEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The analytics endpoints against figures known by construction and against {@link IndependentSql}
 * over the raw events, on data with duplicates, late events and cancellations.
 */
class AnalyticsIT {

    private static final List<String> VIEWS = List.of(
            "customer_rfm", "customer_segments", "customer_base", "cohort_activity", "product_pairs", "product_velocity");

    private final Stack stack = Stack.INSTANCE;

    /** What a batch writes for a sale in a minute, and the mark of its hour (the aggregator's statements). */
    private static final String ADD_MINUTE = """
            INSERT INTO sales_by_region_minute AS m (bucket, region, revenue, orders, units, src_partition)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (bucket, region, src_partition) DO UPDATE
            SET revenue = m.revenue + excluded.revenue, orders = m.orders + excluded.orders, units = m.units + excluded.units""";
    private static final String MARK_HOUR = """
            INSERT INTO sales_dirty_hours AS d (bucket, src_partition) VALUES ($1, $2)
            ON CONFLICT (bucket, src_partition) DO UPDATE SET touches = d.touches + 1""";
    private static final String TOUCH_MARK = "UPDATE sales_dirty_hours SET touches = touches + 1 WHERE bucket = $1 AND src_partition = $2";

    @Test
    @DisplayName("The funnel counts sessions through each step, in order, by region and by category, in the hours they started")
    void funnel() {
        String region = uniqueName("it-funnel");
        String category = uniqueName("it-cat");
        long shoe = product(stack, category, "50.00");
        long other = product(stack, uniqueName("it-cat"), "5.00");
        long customer = uniqueId();
        Instant now = now();
        List<ShopEvent> events = new ArrayList<>();
        sessionSteps(events, customer, region, now, shoe, 4);   // reaches order_placed
        sessionSteps(events, customer, region, now, shoe, 3);
        sessionSteps(events, customer, region, now, shoe, 2);
        sessionSteps(events, customer, region, now, shoe, 1);
        sessionSteps(events, customer, region, now, other, 4);  // all steps, another category
        events.add(step(EventType.CART_ADDED, customer, "s-" + uniqueId(), region, now, shoe)); // a cart add without a view
        String late = "s-" + uniqueId();                        // a late view, then a cart add
        events.add(step(EventType.PRODUCT_VIEWED, customer, late, region, now.minus(Duration.ofMinutes(50)), shoe));
        events.add(step(EventType.CART_ADDED, customer, late, region, now, shoe));
        stack.produce(events);
        stack.produce(List.of(events.get(1)));                  // a duplicate
        stack.awaitCaughtUp(stack.timeout());

        String range = "from=" + now.minus(Duration.ofHours(1)) + "&to=" + now.plusSeconds(60) + "&region=" + region;
        assertFunnel(stack.getJson("/v1/funnel?" + range), 6, 5, 3, 2);
        assertFunnel(stack.getJson("/v1/funnel?" + range + "&category=" + category), 5, 4, 2, 1);
        JsonObject funnel = stack.getJson("/v1/funnel?" + range);
        assertThat(decimal(funnel.getJsonArray("steps").getJsonObject(1), "conversionFromPrevious")).isEqualByComparingTo("0.8333");
        assertThat(decimal(funnel, "overallConversion")).isEqualByComparingTo("0.3333");
        Instant before = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
        JsonObject earlier = stack.getJson("/v1/funnel?from=" + before.minus(Duration.ofHours(3)) + "&to=" + before + "&region=" + region);
        assertFunnel(earlier, 0, 0, 0, 0);
        assertThat(earlier.getValue("overallConversion")).isNull();
    }

    private static void sessionSteps(List<ShopEvent> events, long customer, String region, Instant now, long product, int steps) {
        String session = "s-" + uniqueId();
        Instant at = now.minusSeconds(20);
        events.add(step(EventType.PRODUCT_VIEWED, customer, session, region, at, product));
        if (steps >= 2) {
            events.add(step(EventType.CART_ADDED, customer, session, region, at.plusSeconds(1), product));
        }
        if (steps >= 3) {
            events.add(step(EventType.CHECKOUT_STARTED, customer, session, region, at.plusSeconds(2), null));
        }
        if (steps >= 4) {
            events.add(order(customer, session, region, at.plusSeconds(3), line(product, 1, "9.99")));
        }
    }

    private static void assertFunnel(JsonObject funnel, long... sessions) {
        JsonArray steps = funnel.getJsonArray("steps");
        assertThat(steps.stream().map(s -> ((JsonObject) s).getString("step")))
                .containsExactly("product_viewed", "cart_added", "checkout_started", "order_placed");
        for (int i = 0; i < sessions.length; i++) {
            assertThat(steps.getJsonObject(i).getLong("sessions")).as(steps.getJsonObject(i).getString("step")).isEqualTo(sessions[i]);
        }
    }

    @Test
    @DisplayName("RFM scores, segments, a customer's history and CLV, and cohorts agree with the raw events")
    void customers() {
        String region = uniqueName("it-rfm");
        long item = product(stack, uniqueName("it-cat"), "20.00");
        long loyal = uniqueId();
        long once = uniqueId();
        Instant now = now();
        ShopEvent early = order(loyal, region, now.minus(Duration.ofDays(2)), line(item, 1, "20.00"));
        ShopEvent recent = order(loyal, region, now.minusSeconds(30), line(item, 2, "20.00"));
        ShopEvent cancelled = order(loyal, region, now.minusSeconds(20), line(item, 5, "20.00"));
        ShopEvent single = order(once, region, now.minusSeconds(10), line(item, 1, "19.50"));
        stack.produce(List.of(early, recent, cancelled, single));
        stack.postEvents(PipelineEndToEndIT.jsonArray(List.of(recent)));  // the same event again, through ingest
        stack.produce(List.of(cancellation(loyal, cancelled.orderId(), now.minusSeconds(5)),
                cancellation(loyal, cancelled.orderId(), now.minusSeconds(4))));
        stack.awaitViewsRefreshed(VIEWS);

        JsonObject customer = stack.getJson("/v1/customers/" + loyal);
        assertThat(customer.getLong("orders")).isEqualTo(2);
        assertThat(customer.getLong("cancelledOrders")).isEqualTo(1);
        assertThat(decimal(customer, "totalSpent")).isEqualByComparingTo("60.00");
        assertThat(customer.getString("firstOrderAt")).isEqualTo(early.occurredAt().toString());
        assertThat(customer.getJsonArray("recentOrders")).hasSize(3);
        JsonObject clv = customer.getJsonObject("clv");
        assertThat(decimal(clv, "historical")).isEqualByComparingTo("60.00");
        assertThat(decimal(clv, "averageOrderValue")).isEqualByComparingTo("30.00");
        assertThat(decimal(clv, "predicted")).isPositive();
        assertThat(decimal(clv, "total")).isEqualByComparingTo(decimal(clv, "historical").add(decimal(clv, "predicted")));

        assertThat(stack.sql(IndependentSql.RFM_MISMATCHES).iterator().next().getLong(0)).as("customer_rfm rows that differ").isZero();
        Row expected = stack.sql("WITH i AS (" + IndependentSql.CUSTOMER_RFM + ") SELECT recency, frequency, monetary FROM i WHERE customer_id = $1", loyal)
                .iterator().next();
        JsonObject rfm = customer.getJsonObject("rfm");
        assertThat(List.of(rfm.getInteger("recency"), rfm.getInteger("frequency"), rfm.getInteger("monetary")))
                .containsExactly(expected.getInteger(0), expected.getInteger(1), expected.getInteger(2));

        Map<String, long[]> counts = new HashMap<>();
        Map<String, BigDecimal> revenues = new HashMap<>();
        stack.sql("WITH i AS (" + IndependentSql.CUSTOMER_RFM + ") SELECT recency, frequency, monetary, orders, revenue::text FROM i")
                .forEach(row -> {
                    String segment = segment(row.getInteger(0), row.getInteger(1), row.getInteger(2));
                    long[] count = counts.computeIfAbsent(segment, k -> new long[2]);
                    count[0]++;
                    count[1] += row.getLong(3);
                    revenues.merge(segment, new BigDecimal(row.getString(4)), BigDecimal::add);
                });
        Map<String, String> segments = new HashMap<>();
        counts.forEach((segment, count) -> segments.put(segment, count[0] + " " + count[1] + " " + revenues.get(segment).setScale(2)));
        JsonObject answer = stack.getJson("/v1/customers/segments");
        assertThat(answer.getJsonArray("segments")).hasSize(7);
        for (Object o : answer.getJsonArray("segments")) {
            JsonObject segment = (JsonObject) o;
            if (segment.getLong("customers") > 0) {
                assertThat(segment.getLong("customers") + " " + segment.getLong("orders") + " " + decimal(segment, "revenue").setScale(2))
                        .as(segment.getString("segment")).isEqualTo(segments.get(segment.getString("segment")));
            }
        }

        Instant weekStart = now.minus(Duration.ofDays(21));
        Instant weekEnd = now.plus(Duration.ofDays(7));
        Map<String, Long> cohorts = new HashMap<>();
        OffsetDateTime monday = weekStart.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        stack.sql(IndependentSql.WEEK_COHORTS, monday, weekEnd.atOffset(ZoneOffset.UTC))
                .forEach(row -> cohorts.put(row.getOffsetDateTime(0).toInstant() + "+" + row.getInteger(1), row.getLong(2)));
        Map<String, Long> served = new HashMap<>();
        for (Object o : stack.getJson("/v1/cohorts?period=week&from=" + weekStart + "&to=" + weekEnd).getJsonArray("cohorts")) {
            JsonObject cohort = (JsonObject) o;
            for (Object p : cohort.getJsonArray("retention")) {
                JsonObject period = (JsonObject) p;
                if (period.getLong("customers") > 0) {
                    served.put(cohort.getString("cohort") + "+" + period.getInteger("period"), period.getLong("customers"));
                }
            }
            assertThat(decimal(cohort.getJsonArray("retention").getJsonObject(0), "rate")).isEqualByComparingTo("1");
        }
        assertThat(served).isEqualTo(cohorts);
    }

    @Test
    @DisplayName("A customer's last order cancelled after it was counted: the RFM row goes back to the order before, as in the raw events")
    void cancelledLastOrder() {
        String region = uniqueName("it-rfm");
        long item = product(stack, uniqueName("it-cat"), "20.00");
        long customer = uniqueId();
        Instant now = now();
        ShopEvent first = order(customer, region, now.minusSeconds(60), line(item, 1, "20.00"));
        ShopEvent last = order(customer, region, now.minusSeconds(30), line(item, 3, "20.00"));
        stack.produce(List.of(first, last));
        stack.awaitViewsRefreshed(VIEWS);
        assertThat(rfmRow(customer)).isEqualTo("2 80.00 " + last.occurredAt());

        // Its own fold, after the one that counted the order: the cancellation cannot net out against it.
        stack.produce(List.of(cancellation(customer, last.orderId(), now.minusSeconds(5))));
        stack.awaitViewsRefreshed(VIEWS);
        assertThat(rfmRow(customer)).isEqualTo("1 20.00 " + first.occurredAt());
        assertThat(stack.sql(IndependentSql.RFM_MISMATCHES).iterator().next().getLong(0)).as("customer_rfm rows that differ").isZero();
    }

    private String rfmRow(long customer) {
        Row row = stack.sql("SELECT orders, revenue, last_order_at FROM customer_rfm WHERE customer_id = $1", customer).iterator().next();
        return row.getLong(0) + " " + row.getBigDecimal(1).setScale(2) + " " + row.getOffsetDateTime(2).toInstant();
    }

    /** The segment of RFM scores, transcribed from the table in docs/analytics.md: the first rule that matches. */
    private static String segment(int r, int f, int m) {
        if (r >= 4 && f >= 4 && m >= 4) {
            return "champions";
        } else if (r >= 3 && f >= 4) {
            return "loyal";
        } else if (r >= 4 && f == 1) {
            return "new";
        } else if (r <= 2 && f >= 3) {
            return "at_risk";
        } else if (r <= 2) {
            return "hibernating";
        } else if (r >= 3 && f >= 2) {
            return "potential_loyalists";
        }
        return "needs_attention";
    }

    @Test
    @DisplayName("Bought-together pairs and basket rules count kept orders only, with support, confidence and lift")
    void baskets() {
        String region = uniqueName("it-basket");
        String category = uniqueName("it-cat");
        long a = product(stack, category, "1.00");
        long b = product(stack, category, "2.00");
        long c = product(stack, category, "3.00");
        long customer = uniqueId();
        Instant now = now();
        ShopEvent cancelled = order(customer, region, now.minusSeconds(9), line(a, 1, "1.00"), line(b, 1, "2.00"));
        stack.produce(List.of(
                order(customer, region, now.minusSeconds(30), line(a, 1, "1.00"), line(b, 1, "2.00")),
                order(customer, region, now.minusSeconds(20), line(a, 1, "1.00"), line(b, 2, "2.00"), line(c, 1, "3.00")),
                order(customer, region, now.minusSeconds(10), line(a, 1, "1.00"), line(c, 1, "3.00"), line(a, 2, "1.00")),
                cancelled,
                order(customer, region, now.minusSeconds(8), line(b, 1, "2.00")),
                cancellation(customer, cancelled.orderId(), now.minusSeconds(1))));
        stack.awaitViewsRefreshed(VIEWS);
        long total = stack.sql(IndependentSql.KEPT_ORDER_COUNT).iterator().next().getLong(0);

        JsonObject first = stack.getJson("/v1/products/" + a + "/bought-together?limit=1");
        assertThat(first.getLong("ordersWithProduct")).isEqualTo(3);
        JsonObject partner = first.getJsonArray("products").getJsonObject(0);
        assertThat(partner.getLong("productId")).isEqualTo(Math.min(b, c));
        assertThat(partner.getLong("orders")).isEqualTo(2);
        assertThat(decimal(partner, "confidence")).isEqualByComparingTo("0.6667");
        long partnerOrders = partner.getLong("productId") == b ? 3 : 2;
        assertThat(decimal(partner, "lift"))
                .isEqualByComparingTo(BigDecimal.valueOf(2 * total).divide(BigDecimal.valueOf(3 * partnerOrders), 4, RoundingMode.HALF_EVEN));
        assertThat(decimal(partner, "support"))
                .isEqualByComparingTo(BigDecimal.valueOf(2).divide(BigDecimal.valueOf(total), 4, RoundingMode.HALF_EVEN));
        JsonObject second = stack.getJson("/v1/products/" + a + "/bought-together?limit=1&cursor=" + first.getString("nextCursor"));
        assertThat(second.getJsonArray("products").getJsonObject(0).getLong("productId")).isEqualTo(Math.max(b, c));
        assertThat(second.getString("nextCursor")).isNull();

        List<String> expected = new ArrayList<>();
        stack.sql(IndependentSql.PAIRS, new BigDecimal("0.6"), 200)
                .forEach(row -> expected.add(row.getLong(0) + ">" + row.getLong(1) + " " + row.getLong(2)));
        List<String> rules = new ArrayList<>();
        String cursor = null;
        do {
            JsonObject page = stack.getJson("/v1/basket/rules?minSupport=0&minConfidence=0.6&limit=75"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            for (Object o : page.getJsonArray("rules")) {
                JsonObject rule = (JsonObject) o;
                rules.add(rule.getJsonObject("antecedent").getLong("productId") + ">" + rule.getJsonObject("consequent").getLong("productId")
                        + " " + rule.getLong("orders"));
            }
            cursor = page.getString("nextCursor");
        } while (cursor != null && rules.size() < expected.size());
        assertThat(rules.subList(0, Math.min(rules.size(), expected.size()))).isEqualTo(expected);
    }

    @Test
    @DisplayName("Basket counts follow an order and its cancellation in later batches, down to a pair no kept order holds")
    void basketCountsFollowLaterCancellations() {
        String region = uniqueName("it-basket");
        String category = uniqueName("it-cat");
        long a = product(stack, category, "1.00");
        long b = product(stack, category, "2.00");
        long customer = uniqueId();
        Instant now = now();
        ShopEvent together = order(customer, region, now.minusSeconds(5), line(a, 1, "1.00"), line(b, 1, "2.00"));
        stack.produce(List.of(together));
        stack.awaitViewsRefreshed(VIEWS);
        JsonObject partners = stack.getJson("/v1/products/" + a + "/bought-together");
        assertThat(partners.getJsonArray("products").getJsonObject(0).getLong("productId")).isEqualTo(b);
        assertThat(partners.getJsonArray("products").getJsonObject(0).getLong("orders")).isEqualTo(1);

        stack.produce(List.of(cancellation(customer, together.orderId(), now)));
        stack.awaitViewsRefreshed(VIEWS);
        assertThat(stack.getJson("/v1/products/" + a + "/bought-together").getJsonArray("products")).isEmpty();
        assertThat(stack.sql(IndependentSql.BASKET_MISMATCHES).iterator().next().getLong(0)).isZero();
    }

    @Test
    @DisplayName("Cohorts follow a customer whose first order is cancelled in a later batch to the week of their next")
    void cohortMovesWhenTheFirstOrderIsCancelled() {
        String region = uniqueName("it-cohort");
        long item = product(stack, uniqueName("it-cat"), "5.00");
        long customer = uniqueId();
        Instant now = now();
        ShopEvent first = order(customer, region, now.minus(Duration.ofDays(6)), line(item, 1, "5.00"));
        stack.produce(List.of(first, order(customer, region, now.minusSeconds(30), line(item, 1, "5.00"))));
        stack.awaitViewsRefreshed(VIEWS);
        assertThat(stack.sql(IndependentSql.COHORT_MISMATCHES).iterator().next().getLong(0)).as("cohort rows that differ").isZero();

        stack.produce(List.of(cancellation(customer, first.orderId(), now)));
        stack.awaitViewsRefreshed(VIEWS);
        assertThat(stack.sql(IndependentSql.COHORT_MISMATCHES).iterator().next().getLong(0)).as("cohort rows that differ").isZero();
    }

    @Test
    @DisplayName("Inventory alerts project stock at the 7-day velocity net of cancellations and suggest a quantity")
    void inventoryAlerts() {
        String region = uniqueName("it-stock");
        String category = uniqueName("it-cat");
        long fast = product(stack, category, "4.00");   // stock 10
        long slow = product(stack, category, "4.00");
        long customer = uniqueId();
        Instant now = now();
        ShopEvent cancelled = order(customer, region, now.minus(Duration.ofDays(1)), line(fast, 5, "4.00"));
        stack.produce(List.of(
                order(customer, region, now.minus(Duration.ofDays(3)), line(fast, 7, "4.00")),
                order(customer, region, now.minusSeconds(30), line(fast, 7, "4.00"), line(slow, 1, "4.00")),
                cancelled,
                cancellation(customer, cancelled.orderId(), now.minusSeconds(5))));
        stack.awaitViewsRefreshed(VIEWS);

        Map<Long, JsonObject> alerts = new HashMap<>();
        String cursor = null;
        do {
            JsonObject page = stack.getJson("/v1/inventory/alerts?limit=200" + (cursor == null ? "" : "&cursor=" + cursor));
            page.getJsonArray("alerts").forEach(o -> alerts.put(((JsonObject) o).getLong("productId"), (JsonObject) o));
            cursor = page.getString("nextCursor");
        } while (cursor != null);

        JsonObject alert = alerts.get(fast);
        assertThat(alert).as("alert for the fast seller").isNotNull();
        assertThat(alert.getInteger("stock")).isEqualTo(10 - 14);
        assertThat(alert.getLong("unitsSold7d")).isEqualTo(14);
        assertThat(decimal(alert, "velocityPerDay")).isEqualByComparingTo("2");
        assertThat(decimal(alert, "daysOfCover")).isEqualByComparingTo("0");
        assertThat(alert.getLong("reorderPoint")).isEqualTo(2 * (7 + 3));
        assertThat(decimal(alert, "projectedStock")).isEqualByComparingTo("-18");
        assertThat(alert.getLong("suggestedReorderQuantity")).as("back to the reorder point plus 30 days").isEqualTo(20 + 60 + 18);
        assertThat(alerts).doesNotContainKey(slow);
    }

    @Test
    @DisplayName("A spike against the same hour of the previous days is an anomaly; the forecast blends yesterday's hour with the daily mean")
    void anomaliesAndForecast() {
        String region = uniqueName("it-season");
        long item = product(stack, uniqueName("it-cat"), "10.00");
        long customer = uniqueId();
        Instant spikeHour = now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        List<ShopEvent> orders = new ArrayList<>();
        for (int day = 1; day <= 6; day++) {
            orders.add(order(customer, region, spikeHour.minus(Duration.ofDays(day)).plusSeconds(90), line(item, 1, "10.00")));
        }
        for (int i = 0; i < 10; i++) {
            orders.add(order(customer, region, spikeHour.plusSeconds(90 + i), line(item, 1, "10.00")));
        }
        stack.produce(orders);
        stack.awaitCaughtUp(stack.timeout());

        String range = "&region=" + region + "&days=6&from=" + spikeHour + "&to=" + spikeHour.plus(Duration.ofHours(1));
        JsonObject hourly = stack.getJson("/v1/anomalies?metric=revenue&granularity=hour" + range);
        assertThat(hourly.getInteger("pointsScored")).isEqualTo(1);
        JsonObject spike = hourly.getJsonArray("anomalies").getJsonObject(0);
        assertThat(spike.getString("bucket")).isEqualTo(spikeHour.toString());
        assertThat(decimal(spike, "value")).isEqualByComparingTo("100");
        assertThat(decimal(spike, "expected")).isEqualByComparingTo("10");
        assertThat(decimal(spike, "upper")).as("a flat baseline's deviation is floored at one unit").isEqualByComparingTo("13");
        assertThat(spike.getString("direction")).isEqualTo("above");
        JsonObject minutes = stack.getJson("/v1/anomalies?metric=orders&granularity=minute" + range);
        assertThat(minutes.getInteger("pointsScored")).isEqualTo(60);
        assertThat(minutes.getJsonArray("anomalies")).singleElement()
                .satisfies(a -> assertThat(((JsonObject) a).getString("bucket")).isEqualTo(spikeHour.plusSeconds(60).toString()));

        JsonObject forecast = stack.getJson("/v1/sales/forecast?granularity=hour&horizon=24&region=" + region);
        Instant origin = Instant.parse(forecast.getString("origin"));
        assertThat(forecast.getJsonArray("points")).hasSize(24);
        for (Object o : forecast.getJsonArray("points")) {
            JsonObject point = (JsonObject) o;
            boolean sameHourAsSpike = Instant.parse(point.getString("bucket")).equals(spikeHour.plus(Duration.ofDays(1)));
            assertThat(decimal(point, "revenue")).as(point.getString("bucket"))
                    .isEqualByComparingTo(sameHourAsSpike ? "52.08" : "2.08");
        }
        assertThat(Instant.parse(forecast.getJsonArray("points").getJsonObject(0).getString("bucket"))).isEqualTo(origin);
        assertThat(forecast.getJsonObject("backtest").getInteger("origins")).isPositive();
    }

    @Test
    @DisplayName("Fraud signals: too many orders in the window, an order far above the customer's recent average, many regions in an hour")
    void fraudFlags() {
        long item = product(stack, uniqueName("it-cat"), "10.00");
        long hasty = uniqueId();
        long bigSpender = uniqueId();
        long changedSpender = uniqueId();
        long traveller = uniqueId();
        long ordinary = uniqueId();
        Instant start = now().minus(Duration.ofMinutes(30));
        List<ShopEvent> orders = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            orders.add(order(hasty, "it-fraud", start.plus(Duration.ofMinutes(i)), line(item, 1, "10.00")));
        }
        for (int i = 0; i < 3; i++) {
            orders.add(order(bigSpender, "it-fraud", start.plus(Duration.ofHours(-3 + i)), line(item, 1, "10.00")));
        }
        orders.add(order(bigSpender, "it-fraud", start, line(item, 6, "10.00")));
        // A large first order falls out of the typical value once 20 later orders follow it.
        orders.add(order(changedSpender, "it-fraud", start.minus(Duration.ofHours(4)), line(item, 100, "10.00")));
        for (int i = 0; i < 20; i++) {
            orders.add(order(changedSpender, "it-fraud", start.minus(Duration.ofMinutes(220 - 11 * i)), line(item, 1, "10.00")));
        }
        orders.add(order(changedSpender, "it-fraud", start, line(item, 6, "10.00")));
        List<String> regions = List.of("it-fraud-a", "it-fraud-b", "it-fraud-c");
        for (int i = 0; i < regions.size(); i++) {
            orders.add(order(traveller, regions.get(i), start.plus(Duration.ofMinutes(10 * i)), line(item, 1, "10.00")));
        }
        for (int i = 0; i < 3; i++) {
            orders.add(order(ordinary, "it-fraud", start.plus(Duration.ofMinutes(11 * i)), line(item, 1, "10.00")));
        }
        stack.produce(orders);
        stack.produce(List.of(orders.get(5)));
        stack.awaitCaughtUp(stack.timeout());

        Map<Long, List<String>> flags = new HashMap<>();
        String cursor = null;
        String range = "from=" + start.minus(Duration.ofHours(4)) + "&to=" + now().plusSeconds(60);
        do {
            JsonObject page = stack.getJson("/v1/fraud/flags?limit=2&" + range + (cursor == null ? "" : "&cursor=" + cursor));
            for (Object o : page.getJsonArray("flags")) {
                JsonObject flag = (JsonObject) o;
                flags.computeIfAbsent(flag.getLong("customerId"), c -> new ArrayList<>())
                        .add(flag.getString("rule") + " " + flag.getLong("orderId") + ": " + flag.getString("reason"));
            }
            cursor = page.getString("nextCursor");
        } while (cursor != null);

        assertThat(flags.get(hasty)).containsExactly(
                "velocity " + orders.get(5).orderId() + ": 6 orders from customer " + hasty + " within 10 minutes (more than 5)");
        assertThat(flags.get(bigSpender)).containsExactly("high_value " + orders.get(9).orderId()
                + ": order of 60.00 is 6.0 times the customer's average of 10.00 over 3 earlier orders (limit 5 times)");
        assertThat(flags.get(changedSpender)).containsExactly("high_value " + orders.get(31).orderId()
                + ": order of 60.00 is 6.0 times the customer's average of 10.00 over 20 earlier orders (limit 5 times)");
        assertThat(flags.get(traveller)).singleElement().asString()
                .startsWith("many_regions ").endsWith("ordered from 3 regions within an hour: it-fraud-a, it-fraud-b, it-fraud-c");
        assertThat(flags).doesNotContainKey(ordinary);
        assertThat(stack.getJson("/v1/fraud/flags?rule=high_value&" + range).getJsonArray("flags").stream()
                .map(o -> ((JsonObject) o).getString("rule"))).containsOnly("high_value");
    }

    @ParameterizedTest(name = "{0} → 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
        "/v1/funnel?to=2026-11-28T01:00:00Z                                            | from",
        "/v1/funnel?from=2026-10-01T00:00:00Z&to=2026-11-28T00:00:00Z                  | to",
        "/v1/funnel?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&region=EU        | region",
        "/v1/cohorts?period=day&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z       | period",
        "/v1/cohorts?period=month&from=2020-01-01T00:00:00Z&to=2026-11-02T00:00:00Z     | to",
        "/v1/cohorts?period=week&from=2026-11-01T00:00:00Z&to=2026-11-30T00:00:00Z&cursor=x | cursor",
        "/v1/customers/abc                                                              | customerId",
        "/v1/customers/0                                                                | customerId",
        "/v1/customers/7?orders=1000                                                    | orders",
        "/v1/products/-1/bought-together                                                | productId",
        "/v1/products/1/bought-together?limit=0                                         | limit",
        "/v1/basket/rules?minSupport=2                                                  | minSupport",
        "/v1/basket/rules?minConfidence=high                                            | minConfidence",
        "/v1/inventory/alerts?leadTimeDays=-1                                           | leadTimeDays",
        "/v1/inventory/alerts?cursor=bm9wZQ                                             | cursor",
        "/v1/anomalies?metric=units&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z   | metric",
        "/v1/anomalies?granularity=minute&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z | to",
        "/v1/anomalies?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&threshold=0    | threshold",
        "/v1/sales/forecast?granularity=day                                             | granularity",
        "/v1/sales/forecast?horizon=500                                                 | horizon",
        "/v1/fraud/flags?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&rule=odd      | rule",
        "/v1/fraud/flags?from=2026-11-01T00:00:00Z                                      | to",
    })
    void badParameters(String path, String parameter) {
        var response = stack.get(path);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
        assertThat(response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("parameter")).isEqualTo(parameter);
    }

    @Test
    @DisplayName("A customer who never ordered and a product nobody knows are 404s")
    void unknown() {
        assertThat(stack.get("/v1/customers/" + uniqueId()).statusCode()).isEqualTo(404);
        assertThat(stack.get("/v1/products/" + uniqueId() + "/bought-together").statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("Hour and day sales are exact before and after the view maintenance folds the touched hours in")
    void hourAndDayRollups() {
        String region = uniqueName("it-hours");
        long item = product(stack, uniqueName("it-cat"), "3.30");
        long customer = uniqueId();
        Instant now = now();
        Instant lateHour = now.minus(Duration.ofHours(3));
        ShopEvent current = order(customer, region, now.minusSeconds(5), line(item, 1, "3.30"));
        ShopEvent late = order(customer, region, lateHour, line(item, 2, "3.30"));
        stack.produce(List.of(current, late));
        stack.awaitCaughtUp(stack.timeout());
        assertHoursAndDays(region, now, current, late);

        Awaitility.await().atMost(stack.timeout()).pollInterval(Duration.ofMillis(500))
                .until(() -> stack.view("sales_hour_day").getLong("pendingHours", -1L) == 0);
        assertHoursAndDays(region, now, current, late);
        long stored = stack.sql("SELECT count(*) FROM sales_by_region_hour WHERE region = $1", region).iterator().next().getLong(0);
        assertThat(stored).as("hour rows recomputed for the region").isEqualTo(2);
    }

    @Test
    @DisplayName("Minute sales of one hour written by several partitions' batches fold into one exact hour row")
    void hourRollupsAcrossPartitions() {
        String region = uniqueName("it-parts");
        long item = product(stack, uniqueName("it-cat"), "1.25");
        Instant at = now().minusSeconds(5);
        List<ShopEvent> orders = new ArrayList<>();
        Expected hour = new Expected();
        for (int i = 1; i <= 12; i++) {
            ShopEvent order = order(uniqueId(), region, at, line(item, i, "1.25"));
            orders.add(order);
            hour.add(order);
        }
        stack.produce(orders);
        stack.awaitCaughtUp(stack.timeout());
        long partitions = stack.sql("SELECT count(DISTINCT src_partition) FROM sales_by_region_minute WHERE region = $1", region)
                .iterator().next().getLong(0);
        assertThat(partitions).as("partitions whose batches wrote the region's minute").isGreaterThan(1);

        Awaitility.await().atMost(stack.timeout()).pollInterval(Duration.ofMillis(500))
                .until(() -> stack.view("sales_hour_day").getLong("pendingHours", -1L) == 0);
        Instant from = at.truncatedTo(ChronoUnit.HOURS);
        assertSeries("hour", region, from, from.plus(Duration.ofHours(1)), Map.of(from.toString(), hour));
        Row stored = stack.sql("SELECT count(*), sum(orders) FROM sales_by_region_hour WHERE region = $1", region).iterator().next();
        assertThat(stored.getLong(0)).as("hour rows of the region").isEqualTo(1);
        assertThat(stored.getLong(1)).as("orders in them").isEqualTo(12);
    }

    @Test
    @DisplayName("A mark a batch touches again while the maintenance recomputes its hour stays, and the next round folds the batch in")
    void hourMarkedAgainDuringMaintenance() {
        String region = uniqueName("it-remark");
        OffsetDateTime hour = OffsetDateTime.ofInstant(now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2)), ZoneOffset.UTC);
        // The test plays two batches of a partition no consumer writes: one committed, one held open.
        int partition = 1_000_000 + (int) (uniqueId() % 1_000_000);
        SqlConnection second = Stack.await(stack.pg.getConnection());
        try {
            Transaction open = null;
            while (open == null) {
                stack.sql(ADD_MINUTE, hour.plusMinutes(7), region, new BigDecimal("10.00"), 1L, 1L, partition);
                stack.sql(MARK_HOUR, hour, partition);
                Transaction tx = Stack.await(second.begin());
                // Retried in the rare case the maintenance cleared the committed mark in between.
                if (Stack.await(second.preparedQuery(TOUCH_MARK).execute(Tuple.of(hour, partition))).rowCount() == 1) {
                    Stack.await(second.preparedQuery(ADD_MINUTE)
                            .execute(Tuple.of(hour.plusMinutes(9), region, new BigDecimal("5.00"), 1L, 2L, partition)));
                    open = tx;
                } else {
                    Stack.await(tx.rollback());
                }
            }
            // The maintenance has read the committed mark, recomputed the hour without the open batch,
            // and now waits for it to clear the mark.
            Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> stack.sql("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE application_name = 'aggregator-views' AND wait_event_type = 'Lock' AND query LIKE 'DELETE FROM sales_dirty_hours%'""")
                    .iterator().next().getLong(0) == 1);
            Stack.await(open.commit());
        } finally {
            second.close();
        }

        Awaitility.await().atMost(stack.timeout()).pollInterval(Duration.ofMillis(500)).until(() ->
                stack.sql("SELECT count(*) FROM sales_dirty_hours WHERE src_partition = $1", partition).iterator().next().getLong(0) == 0);
        Row stored = stack.sql("SELECT sum(revenue), sum(orders), sum(units) FROM sales_by_region_hour WHERE region = $1", region)
                .iterator().next();
        assertThat(stored.getBigDecimal(0)).as("hour revenue, both batches").isEqualByComparingTo("15.00");
        assertThat(stored.getLong(1)).as("hour orders").isEqualTo(2);
        assertThat(stored.getLong(2)).as("hour units").isEqualTo(3);
        JsonObject point = stack.getJson("/v1/sales/timeseries?granularity=hour&region=" + region + "&from=" + hour.toInstant()
                + "&to=" + hour.plusHours(1).toInstant()).getJsonArray("points").getJsonObject(0);
        assertThat(decimal(point, "revenue")).as("hour revenue answered").isEqualByComparingTo("15.00");
    }

    private void assertHoursAndDays(String region, Instant now, ShopEvent current, ShopEvent late) {
        Instant from = now.minus(Duration.ofDays(2));
        Instant to = now.plus(Duration.ofDays(1));
        Map<String, Expected> hours = new HashMap<>();
        Map<String, Expected> days = new HashMap<>();
        for (ShopEvent order : List.of(current, late)) {
            hours.computeIfAbsent(order.occurredAt().truncatedTo(ChronoUnit.HOURS).toString(), k -> new Expected()).add(order);
            days.computeIfAbsent(order.occurredAt().truncatedTo(ChronoUnit.DAYS).toString(), k -> new Expected()).add(order);
        }
        assertSeries("hour", region, from, to, hours);
        assertSeries("day", region, from, to, days);
    }

    private void assertSeries(String granularity, String region, Instant from, Instant to, Map<String, Expected> expected) {
        JsonObject series = stack.getJson("/v1/sales/timeseries?granularity=" + granularity + "&region=" + region
                + "&from=" + from + "&to=" + to);
        for (Object o : series.getJsonArray("points")) {
            JsonObject point = (JsonObject) o;
            expected.getOrDefault(point.getString("bucket"), new Expected()).assertMatches(point, granularity + " " + point.getString("bucket"));
        }
    }

    private static BigDecimal decimal(JsonObject json, String key) {
        return new BigDecimal(json.getValue(key).toString());
    }
}
