package com.shopstream.it;

import static com.shopstream.it.TestData.line;
import static com.shopstream.it.TestData.now;
import static com.shopstream.it.TestData.order;
import static com.shopstream.it.TestData.step;
import static com.shopstream.it.TestData.uniqueId;
import static com.shopstream.it.TestData.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.shopstream.client.ApiClient;
import com.shopstream.client.ApiException;
import com.shopstream.client.api.AdminApi;
import com.shopstream.client.api.AnalyticsApi;
import com.shopstream.client.api.CatalogApi;
import com.shopstream.client.api.DatabaseApi;
import com.shopstream.client.api.OperationsApi;
import com.shopstream.client.api.PipelineApi;
import com.shopstream.client.api.RecommendationsApi;
import com.shopstream.client.api.SalesApi;
import com.shopstream.client.model.ProductCard;
import com.shopstream.client.model.PutProductRequest;
import com.shopstream.client.model.SlowQuery;
import com.shopstream.common.api.ApiKeySecrets;
import com.shopstream.contract.EventType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * query-api through the Java client generated from its OpenAPI document: every GET route is called
 * and its answer must deserialise into the generated types. The client's mapper refuses properties
 * the document does not declare, so an answer that drifts from the document fails here. Two GET
 * routes are left to their own tests: the dashboard page is HTML ({@code DashboardIT}), and the
 * live stream never ends ({@code LiveUpdatesIT}).
 */
class GeneratedClientIT {

    private static final Stack stack = Stack.INSTANCE;
    private static final List<String> VIEWS = List.of(
            "customer_rfm", "customer_segments", "customer_base", "cohort_activity", "product_pairs", "product_velocity");

    private static final ApiClient client = strictClient();
    private static final String category = uniqueName("it-client");
    private static final String region = uniqueName("it-client");
    private static final long buyer = uniqueId();
    private static long shirt;
    private static long socks;
    private static OffsetDateTime from;
    private static OffsetDateTime to;

    private static ApiClient strictClient() {
        ApiClient client = new ApiClient();
        client.updateBaseUri(stack.queryApi);
        client.setReadTimeout(Duration.ofSeconds(30));
        client.setRequestInterceptor(request -> request.header(ApiKeySecrets.HEADER, stack.apiKey));
        client.getObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        return client;
    }

    @BeforeAll
    static void shopAndWait() throws ApiException {
        shirt = put("Linen shirt", "29.90");
        socks = put("Wool socks", "7.50");
        Instant now = now();
        String session = uniqueName("s");
        stack.produce(List.of(
                step(EventType.PRODUCT_VIEWED, buyer, session, region, now.minusSeconds(60), shirt),
                step(EventType.CART_ADDED, buyer, session, region, now.minusSeconds(50), shirt),
                step(EventType.CHECKOUT_STARTED, buyer, session, region, now.minusSeconds(40), null),
                order(buyer, session, region, now.minusSeconds(30), line(shirt, 1, "29.90"), line(socks, 2, "7.50"))));
        stack.awaitViewsRefreshed(VIEWS);
        from = now.minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS).atOffset(ZoneOffset.UTC);
        to = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC);
    }

    private static long put(String name, String price) throws ApiException {
        long id = uniqueId();
        ProductCard card = new CatalogApi(client).putProduct(id, new PutProductRequest()
                .name(name + " " + id).description("generated client test").category(category).brand("Testbrand")
                .price(new BigDecimal(price)).stock(10L));
        assertThat(card.getId()).isEqualTo(id);
        assertThat(card.getPrice()).isEqualByComparingTo(price);
        return id;
    }

    @Test
    @DisplayName("Operations: health, metrics, the document itself, the pipeline status")
    void operations() throws ApiException {
        OperationsApi operations = new OperationsApi(client);
        assertThat(operations.health()).isNotEmpty();
        assertThat(operations.metrics()).contains("# TYPE");
        assertThat(operations.openapi()).isNotNull();
        assertThat(new PipelineApi(client).pipelineStatus(null, null).getConsumerLag()).isNotNull();
    }

    @Test
    @DisplayName("Sales: realtime windows, top products, the timeseries")
    void sales() throws ApiException {
        SalesApi sales = new SalesApi(client);
        assertThat(sales.realtimeSales(null, "region", null, null).getGroups())
                .anySatisfy(group -> assertThat(group.getKey()).isEqualTo(region));
        assertThat(sales.topProducts(null, 100, null, null).getProducts()).isNotNull();
        assertThat(sales.salesTimeseries(from, to, "hour", category, region, null, null).getPoints()).isNotEmpty();
    }

    @Test
    @DisplayName("Catalog and recommendations: products, similar products, search, a customer's recommendations")
    void catalogAndRecommendations() throws ApiException {
        assertThat(new CatalogApi(client).listProducts(100, null, category, null, null).getProducts()).hasSize(2);
        RecommendationsApi recommendations = new RecommendationsApi(client);
        assertThat(recommendations.similarProducts(shirt, 5, null, null, null, null, null, null).getSimilar()).isNotNull();
        assertThat(recommendations.search("linen shirt", 5, category, null, null).getResults()).isNotEmpty();
        assertThat(recommendations.recommendations(buyer, 5, null, null).getRecommendations()).isNotNull();
    }

    @Test
    @DisplayName("Analytics: bought together, basket rules, funnel, cohorts, segments, customer, inventory, anomalies, forecast, fraud")
    void analytics() throws ApiException {
        AnalyticsApi analytics = new AnalyticsApi(client);
        assertThat(analytics.boughtTogether(shirt, 10, null, null, null).getProducts())
                .anySatisfy(product -> assertThat(product.getProductId()).isEqualTo(socks));
        assertThat(analytics.basketRules(null, null, 10, null, null, null).getRules()).isNotNull();
        assertThat(analytics.funnel(from, to, category, region, null, null).getSteps()).hasSize(4);
        assertThat(analytics.cohorts(from, to, null, 10, null, null, null).getCohorts()).isNotNull();
        assertThat(analytics.customerSegments(null, null).getSegments()).isNotEmpty();
        assertThat(analytics.customer(buyer, null, null, null).getOrders()).isEqualTo(1);
        assertThat(analytics.inventoryAlerts(null, null, null, null, 10, null, null, null).getAlerts()).isNotNull();
        assertThat(analytics.anomalies(from, to, null, null, null, null, region, null, null, null).getAnomalies()).isNotNull();
        assertThat(analytics.forecast(null, 24, null, region, null, null, null).getPoints()).hasSize(24);
        assertThat(analytics.fraudFlags(from, to, null, 10, null, null, null).getFlags()).isNotNull();
    }

    @Test
    @DisplayName("Admin: the key list")
    void admin() throws ApiException {
        assertThat(new AdminApi(client).listKeys(10, null, null, null, null).getKeys()).isNotEmpty();
    }

    @Test
    @DisplayName("Database: statements, slow queries (one with its plan), index advice, the checklist")
    void database() throws ApiException {
        DatabaseApi database = new DatabaseApi(client);
        assertThat(database.dbQueries(null, 50, null, null, null).getQueries()).isNotEmpty();
        List<SlowQuery> slow = database.dbSlowQueries(null, null, 10, null, null, null).getSlowQueries();
        if (!slow.isEmpty()) {
            assertThat(database.dbSlowQuery(slow.get(0).getId(), null, null).getPlan()).isNotEmpty();
        }
        assertThat(database.dbIndexAdvice(null, null).getUnusedIndexes()).isNotNull();
        assertThat(database.dbHealth(null, null, null).getConnections().getByService()).isNotEmpty();
    }
}
