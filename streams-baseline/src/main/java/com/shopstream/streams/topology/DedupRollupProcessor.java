package com.shopstream.streams.topology;

import com.shopstream.contract.OrderLine;
import com.shopstream.contract.ShopEvent;
import com.shopstream.streams.backlog.Backlog;
import com.shopstream.streams.catalog.Catalog;
import com.shopstream.streams.store.Rollup;
import com.shopstream.streams.store.RollupKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The baseline's whole pipeline in one processor: drops events whose id it has seen, and adds each
 * new order to its task's minute rollup by category and region. Doing both in one processor of the
 * input's own partitioning needs no repartition topic; the rollup rows of a key are spread over the
 * tasks and summed when read, as the aggregator's per-partition rows are.
 */
final class DedupRollupProcessor implements Processor<byte[], byte[], Void, Void> {

    private final Backlog backlog;
    private final EventDecoder decoder;
    private final Catalog catalog;
    private final RunCounters counters;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<UUID, Long> eventIds;
    private KeyValueStore<RollupKey, Rollup> rollup;

    DedupRollupProcessor(Backlog backlog, EventDecoder decoder, Catalog catalog, RunCounters counters) {
        this.backlog = backlog;
        this.decoder = decoder;
        this.catalog = catalog;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        eventIds = context.getStateStore(BaselineTopology.EVENT_IDS_STORE);
        rollup = context.getStateStore(BaselineTopology.ROLLUP_STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        // Records produced after the benchmark's backlog are not part of the comparison.
        if (!backlog.contains(source.partition(), source.offset())) {
            return;
        }
        counters.countRecord();
        Optional<ShopEvent> decoded = decoder.decode(record.value());
        if (decoded.isEmpty()) {
            counters.countInvalid();
            return;
        }
        ShopEvent event = decoded.get();
        if (eventIds.putIfAbsent(event.eventId(), event.occurredAt().toEpochMilli()) != null) {
            counters.countDuplicate();
            return;
        }
        counters.countValid();
        if (event.isOrder()) {
            counters.countOrder();
            addToRollup(event);
        }
    }

    /** Per category, an order counts once however many of its lines fall in it, as in the aggregator. */
    private void addToRollup(ShopEvent order) {
        long minute = Math.floorDiv(order.occurredAt().getEpochSecond(), 60);
        Map<String, Rollup> byCategory = new HashMap<>();
        for (OrderLine line : order.items()) {
            byCategory.merge(catalog.categoryOf(line.productId()), Rollup.line(line.lineTotal(), line.quantity()), Rollup::plus);
        }
        byCategory.forEach((category, lines) -> {
            RollupKey key = new RollupKey(minute, category, order.region());
            Rollup current = rollup.get(key);
            rollup.put(key, (current == null ? Rollup.EMPTY : current).plus(lines.asOneOrder()));
        });
    }
}
