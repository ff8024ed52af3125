package com.shopstream.streams.topology;

import com.shopstream.streams.backlog.Backlog;
import com.shopstream.streams.catalog.Catalog;
import com.shopstream.streams.store.StoreSerdes;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The baseline's topology: the events topic into one deduplicating, rolling-up processor with two
 * RocksDB stores. The Processor API leaves store caches off unless asked; with them, a hot rollup
 * row is written to RocksDB and its changelog once per commit rather than once per order.
 */
public final class BaselineTopology {

    /** Event id to event time (epoch milliseconds) of every event taken in. */
    public static final String EVENT_IDS_STORE = "event-ids";
    /** The minute rollup by category and region, one share per task. */
    public static final String ROLLUP_STORE = "category-region-minute";

    private static final String SOURCE = "events";
    private static final String PROCESSOR = "dedup-rollup";

    private BaselineTopology() {
    }

    public static Topology build(Backlog backlog, EventDecoder decoder, Catalog catalog, RunCounters counters) {
        return new Topology()
                .addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), backlog.topic())
                .addProcessor(PROCESSOR, () -> new DedupRollupProcessor(backlog, decoder, catalog, counters), SOURCE)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EVENT_IDS_STORE),
                        StoreSerdes.eventId(), Serdes.Long()).withCachingEnabled(), PROCESSOR)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ROLLUP_STORE),
                        StoreSerdes.rollupKey(), StoreSerdes.rollup()).withCachingEnabled(), PROCESSOR);
    }
}
