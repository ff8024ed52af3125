package com.shopstream.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/** What ingest counts beyond Vert.x's request figures: events accepted and rejected, and request sizes. */
final class IngestMetrics {

    private final Counter accepted;
    private final Counter rejected;
    private final DistributionSummary eventsPerRequest;

    IngestMetrics(MeterRegistry registry) {
        accepted = Counter.builder("shop.ingest.events").tag("outcome", "accepted")
                .description("Events written to Kafka").register(registry);
        rejected = Counter.builder("shop.ingest.events").tag("outcome", "rejected")
                .description("Events in requests rejected for invalid events").register(registry);
        eventsPerRequest = DistributionSummary.builder("shop.ingest.request.events")
                .description("Events per accepted request").register(registry);
    }

    void accepted(int events) {
        accepted.increment(events);
        eventsPerRequest.record(events);
    }

    void rejected(int events) {
        rejected.increment(events);
    }
}
