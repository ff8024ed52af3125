package com.shopstream.aggregator.consume;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The aggregator's own meters: records per partition batch and the time its transaction took, the
 * events stored, the records isolated because their data was refused, and the consumer's lag as it sees it after each poll (end of each assigned
 * partition minus the position it reached; the committed lag is query-api's
 * {@code shop.pipeline.consumer.lag}).
 */
public final class AggregatorMetrics {

    private final DistributionSummary batchRecords;
    private final Timer batchDuration;
    private final AtomicLong consumerLag = new AtomicLong();
    private final AtomicLong eventsStored = new AtomicLong();
    private final AtomicLong recordsIsolated = new AtomicLong();

    public AggregatorMetrics(MeterRegistry registry) {
        batchRecords = DistributionSummary.builder("shop.aggregator.batch.records")
                .description("Records per partition batch (one PostgreSQL transaction)").register(registry);
        batchDuration = Timer.builder("shop.aggregator.batch.duration")
                .description("Time to store a partition batch in PostgreSQL").register(registry);
        Gauge.builder("shop.aggregator.consumer.lag", consumerLag, AtomicLong::get)
                .description("Records behind the end of the assigned partitions, after the last poll").register(registry);
        FunctionCounter.builder("shop.aggregator.events.stored", eventsStored, AtomicLong::get)
                .description("New events stored (duplicates not counted)").register(registry);
        FunctionCounter.builder("shop.aggregator.records.isolated", recordsIsolated, AtomicLong::get)
                .description("Records dead-lettered because PostgreSQL, Redis or Kafka refused their data").register(registry);
    }

    void batchStored(int records, int stored, long nanos) {
        batchRecords.record(records);
        batchDuration.record(nanos, TimeUnit.NANOSECONDS);
        eventsStored.addAndGet(stored);
    }

    void recordIsolated() {
        recordsIsolated.incrementAndGet();
    }

    void consumerLag(long records) {
        consumerLag.set(records);
    }
}
