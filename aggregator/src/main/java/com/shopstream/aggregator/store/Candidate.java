package com.shopstream.aggregator.store;

import com.shopstream.contract.ShopEvent;

/** A valid event read from a Kafka partition, not yet known to be new. */
public record Candidate(ShopEvent event, long offset) {
}
