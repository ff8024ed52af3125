package com.shopstream.query.pipeline;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline as query-api's status sees it, as gauges refreshed every few seconds: the consumer
 * lag (Kafka's end offsets minus the offsets committed with the batches, -1 while Kafka does not
 * answer) and each view's staleness, the age of its data in seconds.
 */
public final class PipelineMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineMetrics.class);

    private final AtomicLong consumerLag = new AtomicLong(-1);
    private final MultiGauge viewStaleness;

    public PipelineMetrics(MeterRegistry registry) {
        Gauge.builder("shop.pipeline.consumer.lag", consumerLag, AtomicLong::get)
                .description("Records on the topic not yet committed by the aggregators; -1 while Kafka does not answer")
                .register(registry);
        viewStaleness = MultiGauge.builder("shop.view.staleness").baseUnit("seconds")
                .description("How old each view's data is (for the hour and day sales: how long the oldest change has waited)")
                .register(registry);
    }

    /** Refreshes the gauges from the status now and every {@code interval}. */
    public void start(Vertx vertx, PipelineStatusHandler status, Duration interval) {
        vertx.setPeriodic(0, interval.toMillis(), id -> status.compute()
                .onSuccess(this::update)
                .onFailure(e -> LOG.debug("pipeline metrics not refreshed: {}", e.toString())));
    }

    private void update(PipelineStatus state) {
        consumerLag.set(state.consumerLag() == null ? -1 : state.consumerLag());
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (PipelineStatus.View view : state.views()) {
            if (view.stalenessMs() != null) {
                rows.add(MultiGauge.Row.of(Tags.of("view", view.name()), view.stalenessMs() / 1000.0));
            }
        }
        viewStaleness.register(rows, true);
    }
}
