package com.shopstream.aggregator.consume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Gathers the records of the next batches: polls, and while the last batches started less than an
 * interval ago, polls again for what arrives meanwhile. Short of saturation a partition's next batch
 * would otherwise start as soon as its last one committed, with the few records that came in
 * meanwhile, and every batch pays a transaction's fixed work: at a few thousand events a second
 * that was most of what they cost. A batch that takes longer than the interval is followed at once,
 * so a backlog drains as before. Polling on keeps the consumer in its group; records of partitions
 * revoked while gathering are left to their next owner.
 */
final class BatchGatherer {

    private final Consumer<byte[], byte[]> consumer;
    private final long intervalNanos;
    private final int maxRecords;
    private final LongSupplier nanoTime;
    private long lastStartedAt;

    /**
     * @param interval   the least time from one poll's batches starting to the next's, while fewer
     *                   than {@code maxRecords} records are gathered
     * @param maxRecords enough records to start at once
     */
    BatchGatherer(Consumer<byte[], byte[]> consumer, Duration interval, int maxRecords, LongSupplier nanoTime) {
        this.consumer = consumer;
        this.intervalNanos = interval.toNanos();
        this.maxRecords = maxRecords;
        this.nanoTime = nanoTime;
        this.lastStartedAt = nanoTime.getAsLong() - intervalNanos;
    }

    /** The records of one poll, and of further polls until the interval since the last batches started is over. */
    Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> next(Duration pollTimeout) {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> gathered = new LinkedHashMap<>();
        int count = add(gathered, consumer.poll(pollTimeout));
        if (count == 0) {
            return gathered;
        }
        long remaining;
        while (count < maxRecords && (remaining = lastStartedAt + intervalNanos - nanoTime.getAsLong()) > 0) {
            count += add(gathered, consumer.poll(Duration.ofNanos(remaining)));
        }
        gathered.keySet().retainAll(consumer.assignment());
        return gathered;
    }

    /** Called as the gathered records' batches start. */
    void started() {
        lastStartedAt = nanoTime.getAsLong();
    }

    private static int add(Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> gathered,
                           ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            gathered.computeIfAbsent(partition, p -> new ArrayList<>()).addAll(records.records(partition));
        }
        return records.count();
    }
}
