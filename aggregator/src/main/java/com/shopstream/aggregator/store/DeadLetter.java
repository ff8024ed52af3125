package com.shopstream.aggregator.store;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A record the aggregator cannot accept, with the field at fault (empty for the whole record) and why. */
public record DeadLetter(ConsumerRecord<byte[], byte[]> record, String field, String reason) {

    public long offset() {
        return record.offset();
    }
}
