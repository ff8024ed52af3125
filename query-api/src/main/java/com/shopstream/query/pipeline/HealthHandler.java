package com.shopstream.query.pipeline;

import com.shopstream.common.HttpResponses;
import com.shopstream.common.KafkaMonitor;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;

/** {@code GET /health}: 200 when PostgreSQL, Redis and Kafka all answer; otherwise 503 naming what is down. */
public final class HealthHandler implements Handler<RoutingContext> {

    private static final long TIMEOUT_MS = 2000;

    private final Pool pool;
    private final Redis redis;
    private final KafkaMonitor kafka;

    public HealthHandler(Pool pool, Redis redis, KafkaMonitor kafka) {
        this.pool = pool;
        this.redis = redis;
        this.kafka = kafka;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Future<?> postgres = pool.query(PipelineSql.PING).execute().timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Future<?> redisPing = redis.send(Request.cmd(Command.PING)).timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Future.join(postgres, redisPing).onComplete(done -> {
            boolean kafkaUp = kafka.isReachable();
            boolean up = postgres.succeeded() && redisPing.succeeded() && kafkaUp;
            JsonObject body = new JsonObject()
                    .put("status", up ? "up" : "down")
                    .put("postgres", postgres.succeeded() ? "up" : "down")
                    .put("redis", redisPing.succeeded() ? "up" : "down")
                    .put("kafka", kafkaUp ? "up" : "down");
            HttpResponses.json(ctx, up ? 200 : 503, body);
        });
    }
}
