package com.shopstream.aggregator;

import java.util.List;

/**
 * What one transaction committed for a partition: the offsets it covered, [fromOffset, toOffset),
 * and the events and orders that were new. Empty lists when an earlier commit had covered it all.
 */
record StoredBatch(int partition, long fromOffset, long toOffset, List<Candidate> stored, List<Sale> sales) {

    RealtimeDelta realtimeDelta() {
        RealtimeDelta delta = new RealtimeDelta();
        for (Candidate candidate : stored) {
            delta.addActivity(candidate.event().occurredAt(), candidate.event().customerId());
        }
        sales.forEach(delta::addSale);
        return delta;
    }
}
