package com.shopstream.aggregator;

import com.shopstream.contract.ShopEvent;
import java.util.List;

/**
 * What one transaction committed for a partition: the offsets it covered, [fromOffset, toOffset),
 * the events that were new, and the sales they changed (new orders, and the cancellations that took
 * effect). Empty lists when an earlier commit had covered it all.
 */
record StoredBatch(int partition, long fromOffset, long toOffset, List<Candidate> stored, List<Sale> sales) {

    RealtimeDelta realtimeDelta() {
        RealtimeDelta delta = new RealtimeDelta();
        for (Candidate candidate : stored) {
            ShopEvent event = candidate.event();
            if (RealtimeDelta.isCustomerActivity(event.type())) {
                delta.addActivity(event.occurredAt(), event.customerId());
            }
        }
        sales.forEach(delta::addSale);
        return delta;
    }
}
