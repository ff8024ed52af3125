package com.shopstream.aggregator;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A record the aggregator cannot accept, with the field at fault (empty for the whole record) and why. */
record DeadLetter(ConsumerRecord<byte[], byte[]> record, String field, String reason) {

    long offset() {
        return record.offset();
    }
}
