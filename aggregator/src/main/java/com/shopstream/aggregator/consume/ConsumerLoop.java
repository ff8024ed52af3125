package com.shopstream.aggregator.consume;

import com.shopstream.aggregator.realtime.RealtimeDelta;
import com.shopstream.aggregator.realtime.RealtimeWriter;
import com.shopstream.aggregator.store.BatchProcessor;
import com.shopstream.aggregator.store.EventStore;
import com.shopstream.aggregator.store.PartitionBatch;
import com.shopstream.aggregator.store.StoredBatch;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregator's poll loop, on a thread of its own (the Kafka consumer is single-threaded and
 * blocking). Offsets live in PostgreSQL: on assignment, and after any failure, each partition is
 * sought to the offset committed with its last batch, so nothing is skipped and nothing is stored
 * twice. Each poll is processed partition by partition, one transaction per partition batch, then
 * applied to Redis; the next records are gathered ({@link BatchGatherer}) and decoded while those
 * transactions run, and stored once they have committed. Records whose data is refused are isolated
 * and dead-lettered; any other failure is retried from the committed offsets with backoff, for as
 * long as it lasts: after {@code unhealthyAfter} failures in a row the service reports itself
 * unhealthy, but it stays up, since a restart would only try the same thing again.
 */
public final class ConsumerLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final long CATCH_UP_INTERVAL_MS = 10_000;
    private static final long AWAIT_SECONDS = 60;

    private final Consumer<byte[], byte[]> consumer;
    private final BatchGatherer gatherer;
    private final String topic;
    private final BatchProcessor processor;
    private final PoisonIsolation isolation;
    private final RealtimeWriter realtime;
    private final EventStore store;
    private final int unhealthyAfter;
    private final Runnable onFatal;
    private final Runnable salesChanged;
    private final AggregatorMetrics metrics;

    private volatile boolean running = true;
    private volatile long lastPollAtMillis = System.currentTimeMillis();
    private volatile List<Integer> assigned = List.of();
    private volatile int failuresInARow;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong eventsStored = new AtomicLong();
    private boolean needsRewind;
    private boolean catchUpDue;
    /** The stores of the last poll, running while the next records are gathered and decoded; null when none is. */
    private Future<Void> storing;

    /**
     * @param batchInterval  the least time between one poll's batches starting and the next's, unless
     *                       {@code maxPollRecords} are waiting: see {@link BatchGatherer}
     */
    public ConsumerLoop(Consumer<byte[], byte[]> consumer, String topic, Duration batchInterval, int maxPollRecords,
                        RecordDecoder decoder, BatchProcessor processor, RealtimeWriter realtime, EventStore store,
                        int unhealthyAfter, Runnable onFatal, Runnable salesChanged, AggregatorMetrics metrics) {
        this.consumer = consumer;
        this.gatherer = new BatchGatherer(consumer, batchInterval, maxPollRecords, System::nanoTime);
        this.topic = topic;
        this.processor = processor;
        this.isolation = new PoisonIsolation(decoder, this::storeAndApply, metrics::recordIsolated);
        this.realtime = realtime;
        this.store = store;
        this.unhealthyAfter = unhealthyAfter;
        this.onFatal = onFatal;
        this.salesChanged = salesChanged;
        this.metrics = metrics;
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(topic), new Rebalance());
        long lastCatchUp = System.currentTimeMillis();
        try {
            while (running) {
                try {
                    if (needsRewind) {
                        rewind();
                    }
                    Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> records = gatherer.next(POLL_TIMEOUT);
                    lastPollAtMillis = System.currentTimeMillis();
                    metrics.consumerLag(lag(consumer.assignment()));
                    process(records);
                    if (catchUpDue || lastPollAtMillis - lastCatchUp > CATCH_UP_INTERVAL_MS) {
                        catchUpRealtime(consumer.assignment());
                        lastCatchUp = lastPollAtMillis;
                        catchUpDue = false;
                    }
                    if (storing == null) {
                        // Else this poll's stores have yet to succeed: process() resets the count once they have.
                        failuresInARow = 0;
                    }
                } catch (WakeupException e) {
                    // stop() woke the consumer up; the loop condition ends it.
                } catch (Error e) {
                    LOG.error("aggregator stopping: the consumer loop failed", e);
                    running = false;
                    onFatal.run();
                    return;
                } catch (Exception e) {
                    settleStoring();
                    int failures = ++failuresInARow;
                    long backoff = Math.min(30_000, 250L << Math.min(failures - 1, 7));
                    if (failures < unhealthyAfter) {
                        LOG.warn("batch failed ({} in a row), retrying from the committed offsets in {} ms: {}",
                                failures, backoff, describe(e));
                    } else {
                        LOG.error("batch failed ({} in a row; reporting unhealthy), retrying from the committed offsets in {} ms",
                                failures, backoff, e);
                    }
                    needsRewind = true;
                    sleep(backoff);
                }
            }
        } finally {
            settleStoring();
            consumer.close(Duration.ofSeconds(10));
            LOG.info("consumer closed");
        }
    }

    public void stop() {
        running = false;
        consumer.wakeup();
    }

    public boolean isHealthy() {
        return running && failuresInARow < unhealthyAfter && System.currentTimeMillis() - lastPollAtMillis < 60_000;
    }

    /** Batches that failed in a row for a reason other than their data; 0 once one succeeds. */
    public int failuresInARow() {
        return failuresInARow;
    }

    public long lastPollAtMillis() {
        return lastPollAtMillis;
    }

    public List<Integer> assignedPartitions() {
        return assigned;
    }

    public long batches() {
        return batches.get();
    }

    public long eventsStored() {
        return eventsStored.get();
    }

    /**
     * Decodes each partition's records, waits for the last poll's stores to commit, then starts this
     * poll's: each partition's batch in its own transaction, the partitions concurrently (each adds to
     * rollup, funnel and stock rows of its own partition), each queued for Redis once stored. A batch
     * therefore starts only after its partition's previous one committed. A failed store throws here,
     * before anything decoded after it is stored, and the loop rewinds to the committed offsets.
     */
    private void process(Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> records) throws Exception {
        List<Supplier<Future<Void>>> decoded = new ArrayList<>();
        records.forEach((partition, partitionRecords) -> decoded.add(isolation.decode(partition.partition(), partitionRecords)));
        if (storing != null) {
            await(storing);
            storing = null;
        }
        if (!decoded.isEmpty()) {
            gatherer.started();
            List<Future<Void>> partitions = new ArrayList<>(decoded.size());
            decoded.forEach(batch -> partitions.add(batch.get()));
            // Healthy again the moment the stores commit, not at the next poll: a caught-up reader must see it.
            storing = Future.join(partitions).<Void>mapEmpty().onSuccess(stored -> failuresInARow = 0);
        }
    }

    /** Waits for stores still in flight, whatever their outcome: a rewind must not race one. */
    private void settleStoring() {
        if (storing == null) {
            return;
        }
        try {
            await(storing);
        } catch (Exception e) {
            // Already reported by the caller, or to be: the outcome is what the rewind starts from.
        }
        storing = null;
    }

    private Future<Void> storeAndApply(PartitionBatch batch) {
        int size = batch.candidates().size() + batch.deadLetters().size() + batch.repeatedOffsets().size();
        long started = System.nanoTime();
        return processor.store(batch)
                .onSuccess(stored -> metrics.batchStored(size, stored.stored().size(), System.nanoTime() - started))
                .compose(this::applyToRedis);
    }

    private Future<Void> applyToRedis(StoredBatch stored) {
        batches.incrementAndGet();
        eventsStored.addAndGet(stored.stored().size());
        if (!stored.stored().isEmpty()) {
            salesChanged.run();
        }
        // Not waited for: PostgreSQL has the batch, and Redis catches up from it if this apply fails.
        realtime.apply(stored.partition(), stored.fromOffset(), stored.toOffset(), RealtimeDelta.of(stored))
                .onFailure(e -> LOG.warn("partition {}: realtime windows not updated for offsets [{}, {}), they catch up once Redis answers: {}",
                        stored.partition(), stored.fromOffset(), stored.toOffset(), describe(e)));
        return Future.succeededFuture();
    }

    /** The records between the consumer's position and the end of each partition, as of the last fetch. */
    private long lag(Collection<TopicPartition> partitions) {
        long lag = 0;
        for (TopicPartition partition : partitions) {
            lag += consumer.currentLag(partition).orElse(0);
        }
        return lag;
    }

    private void rewind() throws Exception {
        Set<TopicPartition> partitions = consumer.assignment();
        if (!partitions.isEmpty()) {
            seekToCommitted(partitions);
        }
        needsRewind = false;
    }

    private Map<Integer, Long> seekToCommitted(Collection<TopicPartition> partitions) throws Exception {
        Set<Integer> ids = new TreeSet<>();
        partitions.forEach(tp -> ids.add(tp.partition()));
        Map<Integer, Long> offsets = await(store.committedOffsets(ids));
        for (TopicPartition tp : partitions) {
            consumer.seek(tp, offsets.getOrDefault(tp.partition(), 0L));
        }
        return offsets;
    }

    /**
     * Brings Redis up to PostgreSQL for each partition, so it heals even where no new records arrive.
     * Not waited for, as batches are not: the rebuilds run in the background.
     */
    private void catchUpRealtime(Collection<TopicPartition> partitions) throws Exception {
        if (partitions.isEmpty()) {
            return;
        }
        Set<Integer> ids = new TreeSet<>();
        partitions.forEach(tp -> ids.add(tp.partition()));
        for (Map.Entry<Integer, Long> committed : await(store.committedOffsets(ids)).entrySet()) {
            realtime.catchUp(committed.getKey(), committed.getValue()).onFailure(e ->
                    LOG.warn("partition {}: realtime windows could not catch up yet: {}", committed.getKey(), describe(e)));
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        try {
            return future.await(AWAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable failure) {
            // Futures fail with any Throwable, Redis error replies among them; keep them catchable.
            throw new ExecutionException(failure);
        }
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Seeks newly assigned partitions to their committed offsets before any record is fetched. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            updateAssigned(List.of());
            if (partitions.isEmpty()) {
                return;
            }
            try {
                Map<Integer, Long> offsets = seekToCommitted(partitions);
                LOG.info("assigned partitions {}, resuming at offsets {}", offsets.keySet(), offsets);
                // Bringing Redis up to date may take a while; do it after poll() returns, not in this callback.
                catchUpDue = true;
            } catch (Exception e) {
                LOG.warn("could not read committed offsets for {}, will retry before the next poll: {}",
                        partitions, describe(e));
                needsRewind = true;
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // A batch of the last poll may still be storing: it commits under its partition's row
            // lock, and the next owner's batch waits for that lock and skips what it stored.
            if (!partitions.isEmpty()) {
                LOG.info("partitions {} revoked", partitions);
            }
            updateAssigned(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            LOG.warn("partitions {} lost", partitions);
            updateAssigned(partitions);
        }

        private void updateAssigned(Collection<TopicPartition> leaving) {
            List<Integer> ids = consumer.assignment().stream()
                    .filter(tp -> !leaving.contains(tp))
                    .map(TopicPartition::partition)
                    .sorted()
                    .toList();
            assigned = ids;
        }
    }
}
