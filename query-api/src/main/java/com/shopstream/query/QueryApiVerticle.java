package com.shopstream.query;

import com.shopstream.query.analytics.BasketRulesHandler;
import com.shopstream.query.analytics.BoughtTogetherHandler;
import com.shopstream.query.analytics.CohortsHandler;
import com.shopstream.query.analytics.CustomerHandler;
import com.shopstream.query.analytics.CustomerSegmentsHandler;
import com.shopstream.query.analytics.FraudFlagsHandler;
import com.shopstream.query.analytics.InventoryAlertsHandler;
import com.shopstream.query.api.CachePolicy;
import com.shopstream.query.api.CsvLayout;
import com.shopstream.query.api.Endpoints;
import com.shopstream.query.api.ResponseCache;
import com.shopstream.query.auth.ApiKeysHandler;
import com.shopstream.query.auth.StreamTokens;
import com.shopstream.query.catalog.ProductUpsertHandler;
import com.shopstream.query.catalog.ProductsHandler;
import com.shopstream.query.dbops.DatabaseGauges;
import com.shopstream.query.dbops.DatabaseWatch;
import com.shopstream.query.dbops.ExplainHandler;
import com.shopstream.query.dbops.HealthChecklist;
import com.shopstream.query.dbops.IndexAdvisor;
import com.shopstream.query.dbops.SlowQueriesHandler;
import com.shopstream.query.dbops.StatementsHandler;
import com.shopstream.query.graphql.GraphQlEndpoint;
import com.shopstream.query.live.LiveEndpoints;
import com.shopstream.query.live.LiveFeed;
import com.shopstream.query.live.LiveSnapshot;
import com.shopstream.query.live.RealtimeSalesHandler;
import com.shopstream.query.live.TopProductsHandler;
import com.shopstream.query.pipeline.HealthHandler;
import com.shopstream.query.pipeline.PipelineMetrics;
import com.shopstream.query.pipeline.PipelineStatusHandler;
import com.shopstream.query.recommendations.EmbeddingUpkeep;
import com.shopstream.query.recommendations.NearestProducts;
import com.shopstream.query.recommendations.RecommendationsHandler;
import com.shopstream.query.recommendations.SearchHandler;
import com.shopstream.query.recommendations.SimilarProductsHandler;
import com.shopstream.query.recommendations.TextEmbedder;
import com.shopstream.query.sales.AnomaliesHandler;
import com.shopstream.query.sales.ForecastHandler;
import com.shopstream.query.sales.FunnelHandler;
import com.shopstream.query.sales.TimeseriesHandler;
import com.shopstream.query.standby.StandbyMonitor;
import com.shopstream.query.standby.StandbyReadPool;
import com.shopstream.query.standby.StandbySettings;
import com.shopstream.common.Clients;
import com.shopstream.common.DataVersions;
import com.shopstream.common.DataVersions.Domain;
import com.shopstream.common.HttpResponses;
import com.shopstream.common.KafkaMonitor;
import com.shopstream.common.OpenApiDocument;
import com.shopstream.common.PoolReport;
import com.shopstream.common.ServiceMetrics;
import com.shopstream.common.api.ApiKeyAuthenticator;
import com.shopstream.common.api.EndpointClass;
import com.shopstream.common.api.FailedAuthentications;
import com.shopstream.common.api.RateLimiter;
import com.shopstream.common.api.RequestLog;
import com.shopstream.common.api.Scope;
import com.shopstream.common.realtime.RealtimeKeys;
import graphql.GraphQL;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analytics API: live windows from Redis, history from the PostgreSQL rollups, analytics
 * from the materialized views, the catalog with its embeddings (similar products, recommendations,
 * search), the pipeline's own status, live updates (server-sent events, WebSocket) and the
 * dashboard. Every route but health, metrics, the OpenAPI document and the dashboard's files needs
 * an API key. Stateless, so any number of instances can serve behind a balancer: rate limits and
 * cached answers live in Redis; one instance at a time keeps the catalog's embeddings current.
 */
public final class QueryApiVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(QueryApiVerticle.class);
    private static final int PRODUCT_BODY_LIMIT = 64 * 1024;
    private static final int KEY_BODY_LIMIT = 16 * 1024;
    private static final int GRAPHQL_BODY_LIMIT = 64 * 1024;
    private static final Duration ANALYTICS_TTL_FLOOR = Duration.ofSeconds(1);
    static final String OPENAPI = "/openapi/query-api.json";
    private static final String WEBROOT = "webroot";
    private static final Duration PIPELINE_METRICS_INTERVAL = Duration.ofSeconds(5);

    private final QueryApiConfig config;
    private final PrometheusMeterRegistry registry;
    private final PipelineMetrics pipelineMetrics;
    private final DatabaseGauges databaseGauges;
    private PipelineStatusHandler status;
    private HealthChecklist checklist;
    private Pool pool;
    /** The pool of reads that may lag: the hot standby's while it keeps up, else {@link #pool}. */
    private Pool reads;
    private StandbyMonitor standbyMonitor;
    private Redis redis;
    private KafkaMonitor kafka;
    /** Set by {@link #routes}; the GraphQL fields, built before it, find their read endpoints here. */
    private Endpoints endpoints;
    private long upkeepTimer = -1;

    public QueryApiVerticle(QueryApiConfig config, PrometheusMeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.pipelineMetrics = new PipelineMetrics(registry);
        this.databaseGauges = new DatabaseGauges(registry);
    }

    @Override
    public Future<?> start() {
        pool = Clients.postgres(vertx, config.connections(), config.pgPoolSize(), "query-api", config.statementTimeout());
        reads = pool;
        StandbySettings standby = config.standby();
        if (standby.configured()) {
            Pool standbyPool = Clients.postgres(vertx, config.connections().withPostgresAt(standby.host(), standby.port()),
                    config.pgPoolSize(), "query-api-standby", config.statementTimeout());
            standbyMonitor = new StandbyMonitor(pool, standbyPool, standby.maxLag(), Clock.systemUTC());
            reads = new StandbyReadPool(pool, standbyPool, standbyMonitor);
        }
        redis = Clients.redis(vertx, config.connections(), config.redisPoolSize());
        // A Kafka client's constructor resolves the bootstrap addresses: not on an event loop.
        Future<KafkaMonitor> monitor = vertx.executeBlocking(() -> new KafkaMonitor(vertx, config.connections().kafkaBootstrap(), "query-api"));
        Future<StreamTokens> tokens = StreamTokens.load(vertx, pool);
        TextEmbedder embedder = new TextEmbedder();
        Future<GraphQL> graphQl = vertx.executeBlocking(() -> GraphQlEndpoint.build(path -> endpoints.read(path)));
        return Future.all(monitor, tokens, graphQl).compose(loaded -> {
            kafka = monitor.result();
            kafka.start();
            Router router = routes(embedder, tokens.result(), graphQl.result());
            EmbeddingUpkeep upkeep = new EmbeddingUpkeep(vertx, pool, embedder);
            return vertx.createHttpServer()
                    .invalidRequestHandler(HttpResponses.invalidRequestHandler())
                    .requestHandler(router).listen(config.port(), config.host())
                    .onSuccess(server -> {
                        LOG.info("query-api listening on http://{}:{}", config.host(), server.actualPort());
                        keepEmbeddingsCurrent(upkeep);
                        new DatabaseWatch(pool).start(vertx);
                        pipelineMetrics.start(vertx, status, PIPELINE_METRICS_INTERVAL);
                        databaseGauges.start(vertx, checklist);
                        if (standbyMonitor != null) {
                            standbyMonitor.start(vertx, registry);
                        }
                        new PoolReport(registry, pool, "query-api", Map.of(Clients.poolName("query-api"), config.pgPoolSize())).start(vertx);
                    });
        });
    }

    /** The routes; package-private so that a test can hold them against the OpenAPI document. */
    Router routes(TextEmbedder embedder, StreamTokens tokens, GraphQL graphQl) {
        Clock clock = Clock.systemUTC();
        ApiKeyAuthenticator keys = new ApiKeyAuthenticator(pool, config.keyCaching(),
                new FailedAuthentications(config.authFailuresPerMinute(), Duration.ofMinutes(1), System::nanoTime));
        ResponseCache cache = new ResponseCache(redis,
                RealtimeKeys.fences(config.connections().redisKeyGroups(), config.consumerGroup(), config.topic()),
                () -> standbyMonitor != null && standbyMonitor.servingReads() ? config.standby().maxLag() : null, clock, registry);
        Duration ttl = config.cacheTtl().compareTo(ANALYTICS_TTL_FLOOR) < 0 ? ANALYTICS_TTL_FLOOR : config.cacheTtl();

        Router router = Router.router(vertx);
        config.clientAddresses().applyTo(router);
        router.route().handler(new RequestLog());
        RateLimiter limits = new RateLimiter(redis, config.rateLimits());
        Endpoints api = new Endpoints(router, keys, limits, cache,
                OpenApiDocument.queryParameters(OpenApiDocument.load(OPENAPI)));
        endpoints = api;
        router.get("/health").handler(api.parameters(HttpMethod.GET, "/health")).handler(new HealthHandler(pool, redis, kafka));
        router.get("/metrics").handler(api.parameters(HttpMethod.GET, "/metrics")).handler(ServiceMetrics.scrapeHandler(registry));
        router.get("/openapi.json").handler(api.parameters(HttpMethod.GET, "/openapi.json")).handler(OpenApiDocument.handler(OPENAPI));

        RealtimeSalesHandler realtime = new RealtimeSalesHandler(redis, config.connections().redisKeyGroups(), clock);
        TopProductsHandler top = new TopProductsHandler(redis, config.connections().redisKeyGroups(), pool, clock);
        FunnelHandler funnel = new FunnelHandler(reads);
        status = new PipelineStatusHandler(pool, redis, kafka, standbyMonitor, config.connections().redisKeyGroups(), config.consumerGroup(), config.topic());
        NearestProducts nearest = new NearestProducts(reads, config.hnswEfSearch());
        Runnable catalogChanged = () -> DataVersions.changed(redis, Domain.CATALOG)
                .onFailure(e -> LOG.warn("could not mark the catalog changed; cached answers expire within {}: {}", ttl, e.toString()));

        api.get("/v1/sales/realtime", EndpointClass.LIVE).cached(CachePolicy.live()).csv(CsvLayout.rowsOf("groups")).answer(realtime);
        api.get("/v1/products/top", EndpointClass.LIVE).cached(CachePolicy.live(Domain.CATALOG))
                .csv(CsvLayout.rowsOf("products")).answer(top);
        api.get("/v1/pipeline/status", EndpointClass.LIVE).csv(CsvLayout.rowsOf("partitions")).answer(status);
        api.get("/v1/sales/timeseries", EndpointClass.QUERY).cached(CachePolicy.onChangeOf(ttl, Domain.SALES))
                .csv(CsvLayout.rowsOf("points")).answer(new TimeseriesHandler(reads));
        api.get("/v1/products", EndpointClass.QUERY).cached(CachePolicy.onChangeOf(ttl, Domain.CATALOG, Domain.SALES))
                .csv(CsvLayout.rowsOf("products")).answer(new ProductsHandler(reads));
        api.get("/v1/products/:productId/bought-together", EndpointClass.QUERY)
                .cached(CachePolicy.onChangeOf(ttl, Domain.VIEWS, Domain.CATALOG))
                .csv(CsvLayout.rowsOf("products")).answer(new BoughtTogetherHandler(reads));
        api.get("/v1/products/:productId/similar", EndpointClass.SEARCH)
                .cached(CachePolicy.onChangeOf(ttl, Domain.CATALOG, Domain.SALES))
                .csv(CsvLayout.rowsOf("similar")).answer(new SimilarProductsHandler(reads, nearest));
        api.route(HttpMethod.PUT, "/v1/products/:productId", Scope.WRITE, EndpointClass.WRITE).body(PRODUCT_BODY_LIMIT)
                .handle(new ProductUpsertHandler(vertx, pool, embedder, catalogChanged));
        api.get("/v1/search", EndpointClass.SEARCH).cached(CachePolicy.onChangeOf(ttl, Domain.CATALOG, Domain.SALES))
                .csv(CsvLayout.rowsOf("results")).answer(new SearchHandler(vertx, reads, embedder, nearest));
        api.get("/v1/customers/:customerId/recommendations", EndpointClass.SEARCH)
                .cached(CachePolicy.onChangeOf(ttl, Domain.SALES, Domain.VIEWS, Domain.CATALOG))
                .csv(CsvLayout.rowsOf("recommendations")).answer(new RecommendationsHandler(reads, nearest, config.recommendMinEvents()));
        api.get("/v1/basket/rules", EndpointClass.QUERY).cached(CachePolicy.onChangeOf(ttl, Domain.VIEWS, Domain.CATALOG))
                .csv(CsvLayout.rowsOf("rules")).answer(new BasketRulesHandler(reads));
        api.get("/v1/funnel", EndpointClass.QUERY).cached(CachePolicy.onChangeOf(ttl, Domain.SALES))
                .csv(CsvLayout.rowsOf("steps")).answer(funnel);
        api.get("/v1/cohorts", EndpointClass.QUERY).cached(CachePolicy.onChangeOf(ttl, Domain.VIEWS))
                .csv(CsvLayout.rowsOf("cohorts", "retention")).answer(new CohortsHandler(reads));
        api.get("/v1/customers/segments", EndpointClass.QUERY).cached(CachePolicy.onChangeOf(ttl, Domain.VIEWS))
                .csv(CsvLayout.rowsOf("segments")).answer(new CustomerSegmentsHandler(reads));
        api.get("/v1/customers/:customerId", EndpointClass.QUERY).cached(CachePolicy.onChangeOf(ttl, Domain.SALES, Domain.VIEWS))
                .csv(CsvLayout.rowsOf("recentOrders")).answer(new CustomerHandler(reads));
        api.get("/v1/inventory/alerts", EndpointClass.QUERY)
                .cached(CachePolicy.onChangeOf(ttl, Domain.SALES, Domain.VIEWS, Domain.CATALOG))
                .csv(CsvLayout.rowsOf("alerts")).answer(new InventoryAlertsHandler(reads));
        api.get("/v1/anomalies", EndpointClass.QUERY).cached(CachePolicy.onChangeOf(ttl, Domain.SALES, Domain.VIEWS))
                .csv(CsvLayout.rowsOf("anomalies")).answer(new AnomaliesHandler(reads));
        api.get("/v1/sales/forecast", EndpointClass.QUERY)
                .cached(CachePolicy.onChangeOf(ttl, Domain.SALES, Domain.VIEWS).followingClock(Duration.ofMinutes(1)))
                .csv(CsvLayout.rowsOf("points")).answer(new ForecastHandler(reads));
        api.get("/v1/fraud/flags", EndpointClass.QUERY).cached(CachePolicy.onChangeOf(ttl, Domain.SALES))
                .csv(CsvLayout.rowsOf("flags")).answer(new FraudFlagsHandler(reads));

        api.route(HttpMethod.POST, "/graphql", Scope.READ, EndpointClass.GRAPHQL).body(GRAPHQL_BODY_LIMIT)
                .handle(GraphQlEndpoint.handler(graphQl, api));

        LiveFeed feed = new LiveFeed(vertx, config.liveInterval(), config.liveMaxSubscribers(), config.liveMaxSubscribersPerKey(),
                config.keyCaching().fresh(), ids -> keys.stillAllowed(ids, Scope.READ).map(Map::keySet),
                new LiveSnapshot(realtime, top, funnel, status, clock)::take, registry);
        LiveEndpoints live = new LiveEndpoints(vertx, feed, keys, limits, tokens, redis, clock, config.liveMaxQueuedBytes());
        api.route(HttpMethod.POST, "/v1/stream/tokens", Scope.READ, EndpointClass.STREAM).handle(live::issueToken);
        api.get("/v1/stream", EndpointClass.STREAM).handleWith(live::tokenOrKey, live::events);
        router.get("/v1/ws").handler(api.parameters(HttpMethod.GET, "/v1/ws")).handler(live::webSocket);

        SlowQueriesHandler slowQueries = new SlowQueriesHandler(pool, clock, config.slowQueryMs());
        api.route(HttpMethod.GET, "/v1/admin/db/queries", Scope.ADMIN, EndpointClass.ADMIN).csv(CsvLayout.rowsOf("queries"))
                .answer(new StatementsHandler(pool));
        api.route(HttpMethod.GET, "/v1/admin/db/slow-queries", Scope.ADMIN, EndpointClass.ADMIN).csv(CsvLayout.rowsOf("slowQueries"))
                .answer(slowQueries.list());
        api.route(HttpMethod.GET, "/v1/admin/db/slow-queries/:id", Scope.ADMIN, EndpointClass.ADMIN)
                .csv(CsvLayout.rowsOf("costliestNodes")).answer(slowQueries.one());
        api.route(HttpMethod.POST, "/v1/admin/db/slow-queries/:id/explain", Scope.ADMIN, EndpointClass.ADMIN)
                .handle(new ExplainHandler(pool, slowQueries));
        api.route(HttpMethod.GET, "/v1/admin/db/index-advice", Scope.ADMIN, EndpointClass.ADMIN).csv(CsvLayout.rowsOf("suggestions"))
                .answer(new IndexAdvisor(pool));
        checklist = new HealthChecklist(pool, clock);
        api.route(HttpMethod.GET, "/v1/admin/db/health", Scope.ADMIN, EndpointClass.ADMIN).csv(CsvLayout.rowsOf("tables"))
                .answer(checklist);

        ApiKeysHandler admin = new ApiKeysHandler(pool, keys);
        api.route(HttpMethod.POST, "/v1/admin/keys", Scope.ADMIN, EndpointClass.ADMIN).body(KEY_BODY_LIMIT).handle(admin::create);
        api.route(HttpMethod.GET, "/v1/admin/keys", Scope.ADMIN, EndpointClass.ADMIN).csv(CsvLayout.rowsOf("keys")).answer(admin.list());
        api.route(HttpMethod.DELETE, "/v1/admin/keys/:keyId", Scope.ADMIN, EndpointClass.ADMIN).handle(admin::revoke);

        // The dashboard: a page and its bundled assets, served without a key (the page asks for one).
        router.get("/").handler(api.parameters(HttpMethod.GET, "/")).handler(StaticHandler.create(WEBROOT).setIndexPage("index.html"));
        router.get("/assets/*").handler(StaticHandler.create(WEBROOT + "/assets").setMaxAgeSeconds(Duration.ofDays(7).toSeconds()));
        Endpoints.installFailureHandler(router);
        HttpResponses.installErrorHandlers(router);
        return router;
    }

    /** Runs an upkeep round now and after each round the configured interval later, whatever its outcome. */
    private void keepEmbeddingsCurrent(EmbeddingUpkeep upkeep) {
        upkeep.runRound()
                .onSuccess(embedded -> {
                    if (embedded > 0) {
                        DataVersions.changed(redis, Domain.CATALOG);
                    }
                })
                .onFailure(e -> LOG.warn("embedding upkeep round failed; retrying in {}", config.embeddingUpkeepInterval(), e))
                .onComplete(done -> upkeepTimer = vertx.setTimer(config.embeddingUpkeepInterval().toMillis(),
                        id -> keepEmbeddingsCurrent(upkeep)));
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(upkeepTimer);
        if (standbyMonitor != null) {
            standbyMonitor.stop(vertx);
        }
        return vertx.executeBlocking(() -> {
                    kafka.close();
                    return null;
                })
                .eventually(() -> redis.close())
                .eventually(() -> reads == pool ? Future.succeededFuture() : reads.close())
                .eventually(() -> pool.close());
    }
}
