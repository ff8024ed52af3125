package com.shopstream.ingest;

import com.shopstream.common.HttpResponses;
import com.shopstream.common.KafkaMonitor;
import com.shopstream.contract.DraftEvent;
import com.shopstream.contract.EventJsonReader;
import com.shopstream.contract.EventValidator;
import com.shopstream.contract.FieldError;
import com.shopstream.contract.MalformedJsonException;
import com.shopstream.contract.ShopEvent;
import com.shopstream.contract.TooManyEventsException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/events}: one event or a JSON array of them. All or nothing: a request with any
 * invalid event is rejected whole with every error listed, and a valid one is answered 202 only
 * after Kafka acknowledged every event. Parsing, validating and handing the events to the producer
 * run in one task on a worker thread: each hop between threads costs a wake-up, which on a small
 * virtual machine costs more than decoding a request.
 */
final class EventsHandler implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(EventsHandler.class);

    private final Vertx vertx;
    private final EventValidator validator;
    private final EventPublisher publisher;
    private final KafkaMonitor kafka;
    private final IngestConfig config;
    private final IngestMetrics metrics;

    EventsHandler(Vertx vertx, EventValidator validator, EventPublisher publisher, KafkaMonitor kafka, IngestConfig config,
                  IngestMetrics metrics) {
        this.vertx = vertx;
        this.validator = validator;
        this.publisher = publisher;
        this.kafka = kafka;
        this.config = config;
        this.metrics = metrics;
    }

    /** Either the errors that reject the request or Kafka's answer for its events (null when it holds none), out of how many events. */
    private record Decoded(List<FieldError> errors, Future<Integer> sent, int received) {
    }

    @Override
    public void handle(RoutingContext ctx) {
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            HttpResponses.error(ctx, 415, "Content-Type must be application/json, got " + (contentType == null ? "none" : "'" + contentType + "'"));
            return;
        }
        if (!kafka.isReachable()) {
            unavailable(ctx, "Kafka is unreachable");
            return;
        }
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        Context context = vertx.getOrCreateContext();
        vertx.executeBlocking(() -> decodeAndPublish(body, context), false).onComplete(decoded -> {
            if (decoded.failed()) {
                Throwable cause = decoded.cause();
                if (cause instanceof MalformedJsonException) {
                    HttpResponses.error(ctx, 400, cause.getMessage());
                } else if (cause instanceof TooManyEventsException) {
                    HttpResponses.error(ctx, 413, cause.getMessage());
                } else {
                    ctx.fail(cause);
                }
                return;
            }
            Decoded result = decoded.result();
            if (!result.errors().isEmpty()) {
                metrics.rejected(result.received());
                rejected(ctx, result.errors());
            } else if (result.sent() == null) {
                HttpResponses.error(ctx, 400, "the request holds no events");
            } else {
                answer(ctx, result.sent(), result.received());
            }
        });
    }

    private Decoded decodeAndPublish(byte[] body, Context context) throws MalformedJsonException, TooManyEventsException {
        List<DraftEvent> drafts = EventJsonReader.readBatch(body, config.maxEventsPerRequest());
        List<ShopEvent> events = new ArrayList<>(drafts.size());
        List<FieldError> errors = new ArrayList<>();
        for (DraftEvent draft : drafts) {
            EventValidator.Result result = validator.validate(draft);
            if (result.isValid()) {
                events.add(result.event());
            } else {
                errors.addAll(result.errors());
            }
        }
        if (!errors.isEmpty() || events.isEmpty()) {
            return new Decoded(errors, null, drafts.size());
        }
        Future<Integer> sent;
        try {
            sent = publisher.publish(events, context);
        } catch (RuntimeException e) {
            sent = Future.failedFuture(e);
        }
        return new Decoded(List.of(), sent, drafts.size());
    }

    private void answer(RoutingContext ctx, Future<Integer> sent, int events) {
        sent.onSuccess(accepted -> {
            metrics.accepted(accepted);
            HttpResponses.json(ctx, 202, new JsonObject().put("accepted", accepted));
        }).onFailure(error -> {
            LOG.warn("publishing {} events failed: {}", events, error.toString());
            kafka.markUnreachable();
            unavailable(ctx, "events could not be written to Kafka: " + error.getMessage());
        });
    }

    private static void rejected(RoutingContext ctx, List<FieldError> errors) {
        JsonArray list = new JsonArray();
        for (FieldError error : errors) {
            list.add(new JsonObject().put("index", error.index()).put("field", error.field()).put("message", error.message()));
        }
        HttpResponses.json(ctx, 400, new JsonObject().put("errors", list));
    }

    private void unavailable(RoutingContext ctx, String message) {
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(config.retryAfterSeconds()));
        HttpResponses.error(ctx, 503, message);
    }
}
