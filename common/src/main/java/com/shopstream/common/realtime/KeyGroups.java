package com.shopstream.common.realtime;

import java.util.stream.IntStream;

/**
 * How many key groups the realtime windows are spread over ({@code SHOP_REDIS_KEY_GROUPS}): one on a
 * single Redis node, where a reader then needs one pipelined round trip; on Redis Cluster, as many as
 * make the groups' slots spread over the masters (at most one per Kafka partition, since a
 * partition's batches all go to one group). The aggregator and query-api must be given the same
 * count; changing it orphans the old keys, and the aggregator rebuilds the windows under the new ones
 * from PostgreSQL.
 */
public record KeyGroups(int count) {

    public KeyGroups {
        if (count < 1) {
            throw new IllegalArgumentException("SHOP_REDIS_KEY_GROUPS must be at least 1, not " + count);
        }
    }

    /** The group a Kafka partition's batches write to. */
    public int of(int partition) {
        return partition % count;
    }

    public IntStream all() {
        return IntStream.range(0, count);
    }
}
