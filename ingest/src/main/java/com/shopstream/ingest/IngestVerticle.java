package com.shopstream.ingest;

import com.shopstream.common.HttpResponses;
import com.shopstream.common.KafkaMonitor;
import com.shopstream.common.KafkaProducers;
import com.shopstream.contract.EventValidator;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ingest service: validates events posted over HTTP and writes them durably to Kafka. */
public final class IngestVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(IngestVerticle.class);

    private final IngestConfig config;
    private KafkaProducer<byte[], byte[]> producer;
    private KafkaMonitor kafka;

    public IngestVerticle(IngestConfig config) {
        this.config = config;
    }

    @Override
    public Future<?> start() {
        // Short linger: requests wait for their acks. lz4: ingest is the edge where events cross the network.
        producer = KafkaProducers.durable(config.kafkaBootstrap(), "ingest", 5, "lz4", Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15000));
        kafka = new KafkaMonitor(vertx, config.kafkaBootstrap(), "ingest");
        kafka.start();
        EventsHandler events = new EventsHandler(vertx, new EventValidator(Clock.systemUTC(), config.validation()),
                new EventPublisher(producer), kafka, config);

        Router router = Router.router(vertx);
        router.post("/v1/events")
                .handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()))
                .handler(events);
        router.get("/health").handler(ctx -> {
            boolean up = kafka.isReachable();
            HttpResponses.json(ctx, up ? 200 : 503, new JsonObject()
                    .put("status", up ? "up" : "down")
                    .put("kafka", up ? "up" : "down"));
        });
        HttpResponses.installErrorHandlers(router);
        return vertx.createHttpServer().requestHandler(router).listen(config.port(), config.host())
                .onSuccess(server -> LOG.info("ingest listening on http://{}:{}", config.host(), server.actualPort()));
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
            kafka.close();
            producer.close(Duration.ofSeconds(10));
            return null;
        });
    }
}
