package com.shopstream.aggregator;

import com.shopstream.contract.ShopEvent;

/** A valid event read from a Kafka partition, not yet known to be new. */
record Candidate(ShopEvent event, long offset) {
}
