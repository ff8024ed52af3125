package com.shopstream.query;

import com.shopstream.common.Clients;
import com.shopstream.common.HttpResponses;
import com.shopstream.common.KafkaMonitor;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analytics API: live windows from Redis, history from the PostgreSQL rollups, analytics
 * from the materialized views, the catalog with its embeddings (similar products, recommendations,
 * search), and the pipeline's own status. Stateless, so any number of instances can serve behind a
 * balancer; one at a time keeps the catalog's embeddings current.
 */
public final class QueryApiVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(QueryApiVerticle.class);
    private static final int PRODUCT_BODY_LIMIT = 64 * 1024;

    private final QueryApiConfig config;
    private Pool pool;
    private Redis redis;
    private KafkaMonitor kafka;
    private long upkeepTimer = -1;

    public QueryApiVerticle(QueryApiConfig config) {
        this.config = config;
    }

    @Override
    public Future<?> start() {
        pool = Clients.postgres(vertx, config.connections(), config.pgPoolSize(), "query-api");
        redis = Clients.redis(vertx, config.connections(), config.redisPoolSize());
        kafka = new KafkaMonitor(vertx, config.connections().kafkaBootstrap(), "query-api");
        kafka.start();
        // Loading the model takes seconds of CPU: off the event loop.
        return vertx.executeBlocking(TextEmbedder::new).compose(embedder -> {
            Router router = routes(embedder);
            EmbeddingUpkeep upkeep = new EmbeddingUpkeep(vertx, pool, embedder);
            return vertx.createHttpServer().requestHandler(router).listen(config.port(), config.host())
                    .onSuccess(server -> {
                        LOG.info("query-api listening on http://{}:{}", config.host(), server.actualPort());
                        keepEmbeddingsCurrent(upkeep);
                    });
        });
    }

    private Router routes(TextEmbedder embedder) {
        Clock clock = Clock.systemUTC();
        SharedResults shared = new SharedResults(config.shareResultsFor());

        Router router = Router.router(vertx);
        router.get("/health").handler(new HealthHandler(pool, redis, kafka));
        router.get("/v1/sales/realtime").handler(new RealtimeSalesHandler(redis, clock, shared));
        router.get("/v1/sales/timeseries").handler(new TimeseriesHandler(pool));
        router.get("/v1/products/top").handler(new TopProductsHandler(redis, pool, clock, shared));
        router.get("/v1/products").handler(new ProductsHandler(pool));
        router.get("/v1/products/:productId/bought-together").handler(new BoughtTogetherHandler(pool));
        NearestProducts nearest = new NearestProducts(pool, config.hnswEfSearch());
        router.get("/v1/products/:productId/similar").handler(new SimilarProductsHandler(pool, nearest));
        router.put("/v1/products/:productId")
                .handler(BodyHandler.create(false).setBodyLimit(PRODUCT_BODY_LIMIT))
                .handler(new ProductUpsertHandler(vertx, pool, embedder));
        router.get("/v1/search").handler(new SearchHandler(vertx, pool, embedder, nearest));
        router.get("/v1/customers/:customerId/recommendations")
                .handler(new RecommendationsHandler(pool, nearest, config.recommendMinEvents()));
        router.get("/v1/basket/rules").handler(new BasketRulesHandler(pool));
        router.get("/v1/funnel").handler(new FunnelHandler(pool));
        router.get("/v1/cohorts").handler(new CohortsHandler(pool));
        router.get("/v1/customers/segments").handler(new CustomerSegmentsHandler(pool));
        router.get("/v1/customers/:customerId").handler(new CustomerHandler(pool));
        router.get("/v1/inventory/alerts").handler(new InventoryAlertsHandler(pool));
        router.get("/v1/anomalies").handler(new AnomaliesHandler(pool));
        router.get("/v1/sales/forecast").handler(new ForecastHandler(pool));
        router.get("/v1/fraud/flags").handler(new FraudFlagsHandler(pool));
        router.get("/v1/pipeline/status")
                .handler(new PipelineStatusHandler(pool, kafka, config.consumerGroup(), config.topic(),
                        // Shared only while in flight: a client waiting for the lag to reach 0 needs an answer newer than its data.
                        new SharedResults(Duration.ZERO)));
        router.route().failureHandler(ctx -> {
            if (ctx.failure() instanceof BadParameterException bad) {
                HttpResponses.badParameter(ctx, bad.parameter(), bad.getMessage());
            } else {
                ctx.next();
            }
        });
        HttpResponses.installErrorHandlers(router);
        return router;
    }

    /** Runs an upkeep round now and after each round the configured interval later, whatever its outcome. */
    private void keepEmbeddingsCurrent(EmbeddingUpkeep upkeep) {
        upkeep.runRound()
                .onFailure(e -> LOG.warn("embedding upkeep round failed; retrying in {}", config.embeddingUpkeepInterval(), e))
                .onComplete(done -> upkeepTimer = vertx.setTimer(config.embeddingUpkeepInterval().toMillis(),
                        id -> keepEmbeddingsCurrent(upkeep)));
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(upkeepTimer);
        return vertx.executeBlocking(() -> {
                    kafka.close();
                    return null;
                })
                .eventually(() -> redis.close())
                .eventually(() -> pool.close());
    }
}
