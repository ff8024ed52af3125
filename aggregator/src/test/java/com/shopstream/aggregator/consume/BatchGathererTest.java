package com.shopstream.aggregator.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchGathererTest {

    private static final TopicPartition P0 = new TopicPartition("events", 0);
    private static final TopicPartition P1 = new TopicPartition("events", 1);
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final long[] nextOffset = new long[2];

    @BeforeEach
    void assign() {
        consumer.subscribe(List.of(P0.topic()));
        consumer.rebalance(List.of(P0, P1));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    }

    @Test
    void takesOnePollWhenTheLastBatchesStartedAnIntervalAgo() {
        BatchGatherer gatherer = gatherer(1000);
        add(P0, 3);
        everyPoll(30, P1, 1);

        assertThat(offsets(gatherer.next(POLL_TIMEOUT))).isEqualTo(Map.of(P0, List.of(0L, 1L, 2L), P1, List.of(0L)));
    }

    @Test
    void pollsOnUntilTheIntervalSinceTheLastBatchesStartedIsOver() {
        BatchGatherer gatherer = gatherer(1000);
        gatherer.started();
        add(P0, 2);
        everyPoll(30, P1, 1);

        // Polls at 0, 30, 60 and 90 ms after the start: the fourth takes the clock to 120 ms.
        assertThat(offsets(gatherer.next(POLL_TIMEOUT))).isEqualTo(Map.of(P0, List.of(0L, 1L), P1, List.of(0L, 1L, 2L, 3L)));
        assertThat(elapsedMillis()).isEqualTo(120);
    }

    @Test
    void startsAtOnceWhenEnoughRecordsAreWaiting() {
        BatchGatherer gatherer = gatherer(4);
        gatherer.started();
        add(P0, 2);
        everyPoll(10, P1, 2);

        assertThat(offsets(gatherer.next(POLL_TIMEOUT))).isEqualTo(Map.of(P0, List.of(0L, 1L), P1, List.of(0L, 1L)));
    }

    @Test
    void doesNotWaitForRecordsThatDoNotCome() {
        BatchGatherer gatherer = gatherer(1000);
        gatherer.started();

        assertThat(gatherer.next(POLL_TIMEOUT)).isEmpty();
        assertThat(elapsedMillis()).isZero();
    }

    @Test
    void leavesTheRecordsOfAPartitionRevokedMeanwhileToItsNextOwner() {
        BatchGatherer gatherer = gatherer(1000);
        gatherer.started();
        add(P0, 1);
        add(P1, 1);
        consumer.schedulePollTask(() -> clock.addAndGet(10_000_000L));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0));
            clock.addAndGet(100_000_000L);
        });

        assertThat(offsets(gatherer.next(POLL_TIMEOUT))).isEqualTo(Map.of(P0, List.of(0L)));
    }

    private BatchGatherer gatherer(int maxRecords) {
        return new BatchGatherer(consumer, INTERVAL, maxRecords, clock::get);
    }

    private long elapsedMillis() {
        return (clock.get() - 1_000_000_000L) / 1_000_000L;
    }

    /** Each poll from now on advances the clock and brings records of a partition. */
    private void everyPoll(long millis, TopicPartition partition, int records) {
        for (int i = 0; i < 20; i++) {
            consumer.schedulePollTask(() -> {
                clock.addAndGet(millis * 1_000_000L);
                add(partition, records);
            });
        }
    }

    private void add(TopicPartition partition, int records) {
        for (int i = 0; i < records; i++) {
            consumer.addRecord(new ConsumerRecord<>(partition.topic(), partition.partition(), nextOffset[partition.partition()]++,
                    new byte[0], new byte[0]));
        }
    }

    private static Map<TopicPartition, List<Long>> offsets(Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> gathered) {
        return gathered.entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, e -> e.getValue().stream().map(ConsumerRecord::offset).toList()));
    }
}
