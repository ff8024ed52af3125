package com.shopstream.aggregator.store;

import java.util.List;

/**
 * What one transaction committed for a partition: the offsets it covered, [fromOffset, toOffset),
 * the events that were new, and the sales they changed (new orders, and the cancellations that took
 * effect). Empty lists when an earlier commit had covered it all.
 */
public record StoredBatch(int partition, long fromOffset, long toOffset, List<Candidate> stored, List<Sale> sales) {
}
