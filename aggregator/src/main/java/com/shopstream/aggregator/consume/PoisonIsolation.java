package com.shopstream.aggregator.consume;

import com.shopstream.aggregator.store.PartitionBatch;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one bad record from stopping its partition. A batch refused for a reason in its data is
 * split in halves and each half stored on its own, down to the single record, which becomes a dead
 * letter carrying the refusal; every other record of the batch is stored as usual, exactly once,
 * since each half commits its own offsets. A clean batch costs nothing extra: splitting starts
 * only after a refusal. Failures not caused by data are passed on, to be retried whole.
 */
final class PoisonIsolation {

    private static final Logger LOG = LoggerFactory.getLogger(PoisonIsolation.class);

    private final RecordDecoder decoder;
    private final Function<PartitionBatch, Future<Void>> store;
    private final Runnable recordIsolated;

    /**
     * @param store          stores a decoded batch and applies it to the realtime windows
     * @param recordIsolated told of each record dead-lettered because the store refused it
     */
    PoisonIsolation(RecordDecoder decoder, Function<PartitionBatch, Future<Void>> store, Runnable recordIsolated) {
        this.decoder = decoder;
        this.store = store;
        this.recordIsolated = recordIsolated;
    }

    /**
     * Decodes a partition's records (consecutive offsets) now, on the caller's thread; the task
     * returned stores them, isolating those whose data is refused.
     */
    Supplier<Future<Void>> decode(int partition, List<ConsumerRecord<byte[], byte[]>> records) {
        PartitionBatch batch = decoder.decode(partition, records);
        return () -> store(partition, records, batch);
    }

    private Future<Void> store(int partition, List<ConsumerRecord<byte[], byte[]>> records) {
        return store(partition, records, decoder.decode(partition, records));
    }

    private Future<Void> store(int partition, List<ConsumerRecord<byte[], byte[]>> records, PartitionBatch batch) {
        return store.apply(batch).recover(failure -> {
            if (!Failures.isCausedByData(failure)) {
                return Future.failedFuture(failure);
            }
            if (records.size() == 1) {
                ConsumerRecord<byte[], byte[]> record = records.get(0);
                String reason = Failures.describe(failure);
                LOG.warn("partition {}: record at offset {} refused, sent to the dead-letter topic: {}",
                        partition, record.offset(), reason);
                recordIsolated.run();
                return store.apply(decoder.refused(partition, record, Failures.field(failure), reason));
            }
            LOG.info("partition {}: batch of offsets {}..{} refused for its data, storing it in halves: {}", partition,
                    records.get(0).offset(), records.get(records.size() - 1).offset(), Failures.describe(failure));
            int half = records.size() / 2;
            return store(partition, records.subList(0, half))
                    .compose(v -> store(partition, records.subList(half, records.size())));
        });
    }
}
