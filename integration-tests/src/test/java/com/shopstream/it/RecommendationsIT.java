package com.shopstream.it;

import static com.shopstream.it.TestData.cancellation;
import static com.shopstream.it.TestData.line;
import static com.shopstream.it.TestData.now;
import static com.shopstream.it.TestData.order;
import static com.shopstream.it.TestData.step;
import static com.shopstream.it.TestData.uniqueId;
import static com.shopstream.it.TestData.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.shopstream.contract.EventType;
import com.shopstream.contract.ShopEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Catalog upserts with their embeddings, similar products, hybrid search and customer
 * recommendations, against the real embedding model, pgvector and the aggregator's affinities.
 */
class RecommendationsIT {

    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private static final double HALF_LIFE_MILLIS = Duration.ofDays(30).toMillis();

    private static final List<String> POPULARITY = List.of("product_region_popularity");

    private final Stack stack = Stack.INSTANCE;

    @Test
    @DisplayName("PUT creates a product (201) embedded before the answer, replaces it (200) and re-embeds it only when its text changed")
    void upsertEmbedsBeforeAnswering() {
        String category = uniqueName("it-put");
        long id = uniqueId();
        HttpResponse<Buffer> created = stack.put("/v1/products/" + id,
                productJson("Copperline Enamel Kettle", "A stovetop kettle that whistles", category, "Copperline", "34.50", 12));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.bodyAsJsonObject().getValue("price").toString()).isEqualTo("34.5");
        Row first = embeddingOf(id);
        assertThat(first.getString(0)).isNotNull();
        assertThat(first.getBoolean(1)).as("embedded from the current text").isTrue();

        // A marker in place of the embedding shows whether the next PUT computes it again.
        stack.sql("UPDATE products SET embedding = array_fill(0.5, ARRAY[384])::vector WHERE id = $1", id);
        String marker = embeddingOf(id).getString(0);
        HttpResponse<Buffer> priceOnly = stack.put("/v1/products/" + id,
                productJson("Copperline Enamel Kettle", "A stovetop kettle that whistles", category, "Copperline", "29.99", 3));
        assertThat(priceOnly.statusCode()).isEqualTo(200);
        assertThat(embeddingOf(id).getString(0)).as("same text: not embedded again").isEqualTo(marker);

        HttpResponse<Buffer> renamed = stack.put("/v1/products/" + id,
                productJson("Copperline Trail Running Shoes", "Light shoes with a grippy sole", category, "Copperline", "29.99", 3));
        assertThat(renamed.statusCode()).isEqualTo(200);
        Row second = embeddingOf(id);
        assertThat(second.getString(0)).isNotEqualTo(first.getString(0)).isNotEqualTo(marker);
        assertThat(second.getBoolean(1)).isTrue();
        assertThat(stack.sql("SELECT p.price::text, stock_of(p.id) AS stock FROM products p WHERE p.id = $1", id).iterator().next().toJson())
                .isEqualTo(new JsonObject().put("price", "29.99").put("stock", 3));
    }

    @Test
    @DisplayName("PUT with a bad body is a 400 naming every bad field, and changes nothing")
    void upsertValidation() {
        long id = uniqueId();
        HttpResponse<Buffer> bad = stack.put("/v1/products/" + id,
                "{\"name\":\" \",\"category\":\"Bad Category!\",\"brand\":\"B\",\"price\":\"12.345\",\"stock\":1.5,\"description\":7}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.bodyAsJsonObject().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
                .containsExactlyInAnyOrder("name", "category", "price", "stock", "description");
        assertThat(stack.put("/v1/products/" + id, "{\"name\":\"x\"").bodyAsJsonObject().getJsonArray("errors").getJsonObject(0)
                .getString("field")).isEqualTo("body");
        HttpResponse<Buffer> missing = stack.put("/v1/products/" + id, "{}");
        assertThat(missing.bodyAsJsonObject().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
                .containsExactlyInAnyOrder("name", "category", "brand", "price");
        assertThat(stack.put("/v1/products/-4", productJson("n", "d", "it-put", "b", "1", 1)).bodyAsJsonObject().getString("error"))
                .contains("productId");
        assertThat(stack.sql("SELECT 1 FROM products WHERE id = $1", id).size()).isZero();
    }

    @Test
    @DisplayName("Similar products: nearest first, never the product itself, and a selective filter still fills the limit")
    void similarWithSelectiveFilters() {
        String wanted = uniqueName("it-sim");
        String decoys = uniqueName("it-decoy");
        long target = put("Summit Trail Running Shoes", "Trail running shoes with a grippy sole", wanted, "Summit", "80.00", 5);
        // Decoys nearer to the target than anything in its category: an index scan that stopped at its
        // first candidates would find only decoys.
        for (int i = 0; i < 150; i++) {
            put("Summit Trail Running Shoes", "Trail running shoes with a grippy sole", decoys, "Summit", "80.00", 5);
        }
        List<Long> inCategory = new ArrayList<>();
        // None shares the target's brand word "Summit": the category's random name is embedded too, and one
        // such product once came out nearer than the decoys (0.8398 against 0.8321).
        String[] names = {"Kinetic Road Running Shoes", "Stride Running Socks", "Peakform Yoga Mat", "Tidewater Water Bottle",
            "Ridgeline Hiking Boots", "Stride Running Shorts"};
        for (int i = 0; i < 24; i++) {
            inCategory.add(put(names[i % names.length] + " " + i, "Sports gear for runners", wanted, "Stride",
                    (10 + i) + ".00", i % 3 == 0 ? 0 : 4));
        }

        JsonObject similar = stack.getJson("/v1/products/" + target + "/similar?limit=20&category=" + wanted);
        JsonArray found = similar.getJsonArray("similar");
        assertThat(found).hasSize(20);
        assertThat(found.stream().map(o -> ((JsonObject) o).getLong("id"))).doesNotContain(target).allMatch(inCategory::contains);
        assertThat(found.stream().map(o -> ((JsonObject) o).getString("category"))).containsOnly(wanted);
        List<Double> scores = found.stream().map(o -> ((JsonObject) o).getDouble("score")).toList();
        assertThat(scores).isSortedAccordingTo((a, b) -> Double.compare(b, a));

        JsonArray filtered = stack.getJson("/v1/products/" + target + "/similar?limit=10&category=" + wanted
                + "&minPrice=12&maxPrice=30&inStock=true").getJsonArray("similar");
        // In the category, 12.00 to 30.00 and in stock: i from 2 to 20 but not a multiple of 3, 13 products.
        assertThat(filtered).hasSize(10);
        assertThat(filtered.stream().map(o -> (JsonObject) o)).allSatisfy(p -> {
            assertThat(p.getDouble("price")).isBetween(12.0, 30.0);
            assertThat(p.getInteger("stock")).isPositive();
        });

        JsonArray unfiltered = stack.getJson("/v1/products/" + target + "/similar?limit=5").getJsonArray("similar");
        assertThat(unfiltered.stream().map(o -> (JsonObject) o)).allSatisfy(p -> {
            // The decoys (or like products other runs of this test left): nothing of the wanted category.
            assertThat(p.getString("name")).isEqualTo("Summit Trail Running Shoes");
            assertThat(p.getString("category")).isNotEqualTo(wanted);
        });
    }

    @Test
    @DisplayName("Hybrid search fuses the full-text rank and the vector rank, and shows both")
    void hybridSearch() {
        String category = uniqueName("it-search");
        String word = "zorblax" + uniqueName("w").substring(2);
        long exact = put(word + " Enamel Kettle", "A kettle for the stove", category, "Copperline", "30.00", 1);
        put("Copperline Electric Kettle", "Boils water fast", category, "Copperline", "45.00", 1);

        JsonObject answer = stack.getJson("/v1/search?q=" + word + "%20kettle&limit=5");
        assertThat(answer.getString("query")).isEqualTo(word + " kettle");
        JsonObject best = answer.getJsonArray("results").getJsonObject(0);
        assertThat(best.getLong("id")).isEqualTo(exact);
        assertThat(best.getInteger("textRank")).isEqualTo(1);
        assertThat(best.getInteger("vectorRank")).isNotNull();
        assertThat(best.getDouble("score")).isPositive();

        JsonArray elsewhere = stack.getJson("/v1/search?q=" + word + "&category=" + uniqueName("it-none")).getJsonArray("results");
        assertThat(elsewhere).isEmpty();
        JsonArray inCategory = stack.getJson("/v1/search?q=kettle&limit=2&category=" + category).getJsonArray("results");
        assertThat(inCategory.stream().map(o -> ((JsonObject) o).getString("category"))).hasSize(2).containsOnly(category);
    }

    @Test
    @DisplayName("Recommendations: a taste vector from the customer's events (each counted once, in any order), excluding what they bought")
    void personalRecommendations() {
        String category = uniqueName("it-rec");
        // A theme the load generator's catalog does not have, so the nearest products are these.
        List<Long> aquarium = new ArrayList<>();
        List<String> names = List.of("Reefline Aquarium Filter", "Reefline Tropical Fish Food", "Coralia Aquarium Heater",
                "Coralia Aquarium Gravel", "Reefline Aquarium LED Light", "Coralia Fish Net", "Reefline Aquarium Water Conditioner");
        for (String name : names) {
            aquarium.add(put(name, "For aquariums and the fish that live in them", category, name.split(" ")[0], "20.00", 10));
        }
        long customer = uniqueId();
        long twin = uniqueId();
        Instant start = now().minus(Duration.ofMinutes(20));
        List<ShopEvent> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            events.add(step(EventType.PRODUCT_VIEWED, customer, "s-" + customer, "it-rec-a", start.plusSeconds(i), aquarium.get(i)));
        }
        events.add(step(EventType.CART_ADDED, customer, "s-" + customer, "it-rec-b", start.plusSeconds(10), aquarium.get(0)));
        events.add(order(customer, "s-" + customer, "it-rec-b", start.plusSeconds(20), line(aquarium.get(0), 1, "20.00")));
        stack.produce(events);
        stack.produce(events.subList(0, 3));
        List<ShopEvent> reversed = new ArrayList<>();
        for (int i = events.size() - 1; i >= 0; i--) {
            ShopEvent e = events.get(i);
            reversed.add(new ShopEvent(java.util.UUID.randomUUID(), e.type(), e.occurredAt(), twin, e.sessionId(), e.region(),
                    e.isOrder() ? uniqueId() : null, e.items(), e.productId()));
        }
        stack.produce(reversed);
        stack.awaitCaughtUp(stack.timeout());

        Row filter = affinity(customer, aquarium.get(0));
        double expected = weight(1, start) + weight(3, start.plusSeconds(10)) + weight(5, start.plusSeconds(20));
        assertThat(filter.getDouble(0)).isCloseTo(expected, within(expected * 1e-9));
        assertThat(filter.getInteger(1)).as("duplicates are not counted again").isEqualTo(3);
        assertThat(filter.getString(2)).isEqualTo("it-rec-b");
        Row twinFilter = affinity(twin, aquarium.get(0));
        assertThat(twinFilter.getDouble(0)).isCloseTo(filter.getDouble(0), within(expected * 1e-12));
        assertThat(twinFilter.getString(2)).isEqualTo("it-rec-b");

        JsonObject answer = stack.getJson("/v1/customers/" + customer + "/recommendations?limit=5");
        assertThat(answer.getString("strategy")).isEqualTo("personal");
        JsonArray recommendations = answer.getJsonArray("recommendations");
        List<Long> recommended = recommendations.stream().map(o -> ((JsonObject) o).getLong("id")).toList();
        assertThat(recommended).hasSize(5).doesNotContain(aquarium.get(0)).doesNotHaveDuplicates();
        // By name: earlier runs of this test on the same stack left products with the same texts.
        assertThat(recommendations.getJsonObject(0).getString("name")).as("the nearest product is an aquarium product").isIn(names);
    }

    @Test
    @DisplayName("A customer with little history gets the popular products of their region (cold start), not what they bought")
    void coldStartRecommendations() {
        String category = uniqueName("it-cold");
        String region = uniqueName("it-cold");
        long popular = put("Tempo Ukulele", "A small four-stringed guitar", category, "Tempo", "49.00", 30);
        long second = put("Octave Drum Pad", "Practice drumming quietly", category, "Octave", "25.00", 30);
        long bought = put("Cadence Microphone", "For podcasts and vocals", category, "Cadence", "60.00", 30);
        Instant at = now().minus(Duration.ofMinutes(5));
        List<ShopEvent> orders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            orders.add(order(uniqueId(), "s-" + i, region, at, line(popular, 2, "49.00"), line(second, 1, "25.00"), line(bought, 3, "60.00")));
        }
        long newcomer = uniqueId();
        orders.add(order(newcomer, "s-new", region, at.plusSeconds(1), line(bought, 1, "60.00")));
        stack.produce(orders);
        stack.awaitViewsRefreshed(POPULARITY);

        JsonObject answer = stack.getJson("/v1/customers/" + newcomer + "/recommendations?limit=5");
        assertThat(answer.getString("strategy")).isEqualTo("popular");
        assertThat(answer.getString("region")).isEqualTo(region);
        List<JsonObject> products = answer.getJsonArray("recommendations").stream().map(JsonObject.class::cast).toList();
        assertThat(products).as("the region's two, then filled up from other sources").hasSize(5);
        assertThat(products.subList(0, 2)).extracting(p -> p.getLong("id")).containsExactly(popular, second);
        assertThat(products.subList(0, 2)).extracting(p -> p.getString("source")).containsOnly("region");
        assertThat(products.subList(2, 5)).extracting(p -> p.getString("source")).doesNotContain("region");
        assertThat(products).extracting(p -> p.getLong("id")).doesNotContain(bought).doesNotHaveDuplicates();
        assertThat(products.get(0).getLong("unitsLast7Days")).isEqualTo(6);
        assertThat(products.get(0).getLong("customersLast7Days")).isEqualTo(3);
    }

    @Test
    @DisplayName("Cold start where the region sold nothing: every region's best sellers, then products in stock; never empty")
    void coldStartWithoutRegionalSales() {
        String region = uniqueName("it-cold-empty");
        long viewed = put("Lumen Desk Lamp", "A lamp for late work", uniqueName("it-cold-empty"), "Lumen", "30.00", 5);
        long newcomer = uniqueId();
        stack.produce(List.of(step(EventType.PRODUCT_VIEWED, newcomer, "s-cold", region, now(), viewed)));
        stack.awaitCaughtUp(stack.timeout());

        JsonObject answer = stack.getJson("/v1/customers/" + newcomer + "/recommendations?limit=100");
        assertThat(answer.getString("strategy")).isEqualTo("popular");
        assertThat(answer.getString("region")).isEqualTo(region);
        List<JsonObject> products = answer.getJsonArray("recommendations").stream().map(JsonObject.class::cast).toList();
        assertThat(products).as("the catalog holds products in stock").isNotEmpty();
        List<String> sources = products.stream().map(p -> p.getString("source")).toList();
        assertThat(sources).as("no region's own sales").doesNotContain("region");
        assertThat(sources).as("best sellers first, then the catalog")
                .isSortedAccordingTo(Comparator.comparing(source -> source.equals("catalog")));
        List<Long> units = products.stream().filter(p -> p.getString("source").equals("everywhere"))
                .map(p -> p.getLong("unitsLast7Days")).toList();
        assertThat(units).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(products).allSatisfy(p -> assertThat(p.getValue("customersLast7Days")).isNull());
        assertThat(products.stream().filter(p -> p.getString("source").equals("catalog")))
                .allSatisfy(p -> assertThat(p.getLong("stock")).isPositive());
    }

    @Test
    @DisplayName("A region's popular products count the units and distinct customers of kept orders, through cancellations")
    void popularityThroughCancellations() {
        String region = uniqueName("it-pop");
        long a = TestData.product(stack, uniqueName("it-pop"), "4.00");
        long b = TestData.product(stack, uniqueName("it-pop"), "5.00");
        long alice = uniqueId();
        long bob = uniqueId();
        Instant at = now().minus(Duration.ofMinutes(2));
        ShopEvent alicesFirst = order(alice, region, at, line(a, 1, "4.00"), line(b, 2, "5.00"));
        ShopEvent alicesSecond = order(alice, region, at.plusSeconds(30), line(a, 2, "4.00"));
        stack.produce(List.of(alicesFirst, alicesSecond, order(bob, region, at.plusSeconds(40), line(a, 4, "4.00"), line(a, 1, "4.00"))));
        stack.awaitViewsRefreshed(POPULARITY);
        assertThat(popularity(region)).containsExactly(a + " 8 2", b + " 2 1");

        // Each in a fold after the one that counted the order, so that it is read back, not netted out.
        stack.produce(List.of(cancellation(alice, alicesSecond.orderId(), now())));
        stack.awaitViewsRefreshed(POPULARITY);
        assertThat(popularity(region)).as("Alice still bought a, in her first order").containsExactly(a + " 6 2", b + " 2 1");

        stack.produce(List.of(cancellation(alice, alicesFirst.orderId(), now())));
        stack.awaitViewsRefreshed(POPULARITY);
        assertThat(popularity(region)).containsExactly(a + " 5 1");
        assertThat(stack.sql(IndependentSql.POPULARITY_MISMATCHES).iterator().next().getLong(0)).as("rows that differ").isZero();
    }

    @Test
    @DisplayName("Orders that fall out of the seven days leave a region's popular products when the window moves on")
    void popularityWindowMovesOn() {
        String region = uniqueName("it-pop");
        long a = TestData.product(stack, uniqueName("it-pop"), "4.00");
        long early = uniqueId();
        long loyal = uniqueId();
        // In the window and within the allowed lateness of seven days (an earlier run on this stack may
        // have moved the window's start past seven days back), and out of the window an hour later.
        Instant start = stack.sql("SELECT starts_at FROM product_region_window").iterator().next().getOffsetDateTime(0).toInstant();
        Instant old = Collections.max(List.of(start, now().minus(Duration.ofDays(7)))).plus(Duration.ofMinutes(5));
        stack.produce(List.of(order(early, region, old, line(a, 3, "4.00")), order(loyal, region, old, line(a, 1, "4.00")),
                order(loyal, region, now(), line(a, 2, "4.00"))));
        stack.awaitViewsRefreshed(POPULARITY);
        assertThat(popularity(region)).containsExactly(a + " 6 2");

        // This connection plays the view maintenance, holding its lock so that no fold runs beside it,
        // and moves the window on as a refresh an hour after the old orders' seven days would. The
        // aggregators' refreshes leave it there until that time (the start never moves back).
        SqlConnection lead = Stack.await(stack.pg.getConnection());
        try {
            Stack.await(lead.query("SELECT pg_advisory_lock(hashtext('shopstream.views'))").execute());
            Stack.await(lead.preparedQuery("SELECT refresh_product_region_window($1)")
                    .execute(Tuple.of(old.plus(Duration.ofDays(7)).plus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC))));
        } finally {
            Stack.await(lead.query("SELECT pg_advisory_unlock(hashtext('shopstream.views'))").execute());
            lead.close();
        }
        assertThat(popularity(region)).as("the early buyer's order fell out; the loyal one bought again since").containsExactly(a + " 2 1");
        assertThat(stack.sql(IndependentSql.POPULARITY_MISMATCHES).iterator().next().getLong(0)).as("rows that differ").isZero();
    }

    @ParameterizedTest(name = "{0} → {1} naming {2}")
    @CsvSource(delimiter = '|', value = {
        "/v1/products/9000000000000000001/similar              | 404 | product",
        "/v1/products/abc/similar                              | 400 | productId",
        "/v1/products/1/similar?limit=0                        | 400 | limit",
        "/v1/products/1/similar?minPrice=cheap                 | 400 | minPrice",
        "/v1/products/1/similar?minPrice=20&maxPrice=10        | 400 | maxPrice",
        "/v1/products/1/similar?inStock=maybe                  | 400 | inStock",
        "/v1/customers/9000000000000000001/recommendations     | 404 | customer",
        "/v1/customers/x/recommendations                       | 400 | customerId",
        "/v1/customers/1/recommendations?limit=101             | 400 | limit",
        "/v1/search                                            | 400 | q",
        "/v1/search?q=%20%20                                   | 400 | q",
        "/v1/search?q=kettle&limit=51                          | 400 | limit",
    })
    void badRequests(String path, int status, String named) {
        HttpResponse<Buffer> response = stack.get(path);
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.bodyAsJsonObject().getString("error")).contains(named);
    }

    private long put(String name, String description, String category, String brand, String price, int stock) {
        long id = uniqueId();
        HttpResponse<Buffer> response = stack.put("/v1/products/" + id, productJson(name, description, category, brand, price, stock));
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
        return id;
    }

    private static String productJson(String name, String description, String category, String brand, String price, int stock) {
        return new JsonObject().put("name", name).put("description", description).put("category", category).put("brand", brand)
                .put("price", new java.math.BigDecimal(price)).put("stock", stock).encode();
    }

    /** The region's products in the view, as "product units customers", most units first. */
    private List<String> popularity(String region) {
        List<String> rows = new ArrayList<>();
        for (Row row : stack.sql("""
                SELECT product_id, units_7d, customers_7d FROM product_region_popularity
                WHERE region = $1 ORDER BY units_7d DESC, product_id""", region)) {
            rows.add(row.getLong(0) + " " + row.getLong(1) + " " + row.getLong(2));
        }
        return rows;
    }

    private Row embeddingOf(long id) {
        return stack.sql("SELECT embedding::text, embedded_hash = content_hash FROM products WHERE id = $1", id).iterator().next();
    }

    private Row affinity(long customer, long product) {
        return stack.sql("SELECT weight, events, last_region FROM customer_affinity WHERE customer_id = $1 AND product_id = $2",
                customer, product).iterator().next();
    }

    private static double weight(double action, Instant at) {
        return action * Math.pow(2, Duration.between(EPOCH, at).toMillis() / HALF_LIFE_MILLIS);
    }
}
