package com.shopstream.ingest;

import com.shopstream.common.Clients;
import com.shopstream.common.HttpResponses;
import com.shopstream.common.KafkaMonitor;
import com.shopstream.common.KafkaProducers;
import com.shopstream.common.OpenApiDocument;
import com.shopstream.common.PoolReport;
import com.shopstream.common.ServiceMetrics;
import com.shopstream.common.api.ApiKeyAuthenticator;
import com.shopstream.common.api.EndpointClass;
import com.shopstream.common.api.FailedAuthentications;
import com.shopstream.common.api.HeldBody;
import com.shopstream.common.api.QueryParameters;
import com.shopstream.common.api.RateLimiter;
import com.shopstream.common.api.RequestLog;
import com.shopstream.common.api.Scope;
import com.shopstream.contract.EventValidator;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest service: validates events posted over HTTP by clients holding a {@code write} key
 * and writes them durably to Kafka. PostgreSQL holds the keys and Redis the rate limits; Kafka
 * alone decides whether events are accepted.
 */
public final class IngestVerticle extends VerticleBase {

    /** API key lookups only. */
    private static final int PG_POOL_SIZE = 2;
    private static final Logger LOG = LoggerFactory.getLogger(IngestVerticle.class);
    static final String OPENAPI = "/openapi/ingest.json";
    /** Ingest's only statement is a key lookup by primary key: anything slower is a database in trouble. */
    private static final Duration KEY_LOOKUP_TIMEOUT = Duration.ofSeconds(5);

    private final IngestConfig config;
    private final PrometheusMeterRegistry registry;
    private KafkaProducer<byte[], byte[]> producer;
    private KafkaMonitor kafka;
    private Pool pool;
    private Redis redis;

    public IngestVerticle(IngestConfig config, PrometheusMeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    @Override
    public Future<?> start() {
        // A Kafka client's constructor resolves the bootstrap addresses and starts threads: not on an event loop.
        return vertx.executeBlocking(() -> {
            // Short linger: requests wait for their acks. lz4: ingest is the edge where events cross the network.
            producer = KafkaProducers.durable(config.connections().kafkaBootstrap(), "ingest", 5, "lz4", Map.of(
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15000));
            kafka = new KafkaMonitor(vertx, config.connections().kafkaBootstrap(), "ingest");
            return null;
        }).compose(v -> listen());
    }

    private Future<HttpServer> listen() {
        kafka.start();
        pool = Clients.postgres(vertx, config.connections(), PG_POOL_SIZE, "ingest", KEY_LOOKUP_TIMEOUT);
        redis = Clients.redis(vertx, config.connections(), 4);
        EventsHandler events = new EventsHandler(vertx, new EventValidator(Clock.systemUTC(), config.validation()),
                new EventPublisher(producer), kafka, config, new IngestMetrics(registry));
        return vertx.createHttpServer()
                .invalidRequestHandler(HttpResponses.invalidRequestHandler())
                .requestHandler(routes(events)).listen(config.port(), config.host())
                .onSuccess(server -> {
                    LOG.info("ingest listening on http://{}:{}", config.host(), server.actualPort());
                    new PoolReport(registry, pool, "ingest", Map.of(Clients.poolName("ingest"), PG_POOL_SIZE)).start(vertx);
                });
    }

    Router routes(EventsHandler events) {
        Router router = Router.router(vertx);
        config.clientAddresses().applyTo(router);
        router.route().handler(new RequestLog());
        Map<String, Set<String>> parameters = OpenApiDocument.queryParameters(OpenApiDocument.load(OPENAPI));
        // The key and the rate limit are checked before the body is read: a client without a key costs no body reading.
        // Vert.x wants a body handler first on its route, so the body is read by a second route for the same path.
        router.post("/v1/events")
                .handler(new QueryParameters(parameters.get("POST /v1/events")))
                .handler(HeldBody.hold())
                .handler(new ApiKeyAuthenticator(pool, config.keyCaching(),
                        new FailedAuthentications(config.authFailuresPerMinute(), Duration.ofMinutes(1), System::nanoTime))
                        .require(Scope.WRITE))
                .handler(new RateLimiter(redis, config.rateLimits()).limit(EndpointClass.INGEST))
                .handler(HeldBody.release());
        router.post("/v1/events")
                .handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()))
                .handler(events);
        router.get("/health").handler(new QueryParameters(parameters.get("GET /health"))).handler(ctx -> {
            boolean up = kafka.isReachable();
            HttpResponses.json(ctx, up ? 200 : 503, new JsonObject()
                    .put("status", up ? "up" : "down")
                    .put("kafka", up ? "up" : "down"));
        });
        router.get("/metrics").handler(new QueryParameters(parameters.get("GET /metrics"))).handler(ServiceMetrics.scrapeHandler(registry));
        router.get("/openapi.json").handler(new QueryParameters(parameters.get("GET /openapi.json"))).handler(OpenApiDocument.handler(OPENAPI));
        HttpResponses.installErrorHandlers(router);
        return router;
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
                    kafka.close();
                    producer.close(Duration.ofSeconds(10));
                    return null;
                })
                .eventually(() -> redis.close())
                .eventually(() -> pool.close());
    }
}
