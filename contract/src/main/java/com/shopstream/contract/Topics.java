package com.shopstream.contract;

/** Kafka topic names, named after their producer side. */
public final class Topics {

    /** Every accepted shop event, keyed by customerId. */
    public static final String EVENTS = "shop.events";

    /** Records the aggregator could not accept, with the reason in their headers. */
    public static final String EVENTS_DLQ = "shop.events.dlq";

    /** Header names on dead-lettered records. */
    public static final String HEADER_REASON = "dlq.reason";
    public static final String HEADER_FIELD = "dlq.field";
    public static final String HEADER_SOURCE_PARTITION = "dlq.source.partition";
    public static final String HEADER_SOURCE_OFFSET = "dlq.source.offset";
    /** Present ("true") when the dead letter's value is a reference to a record too large to copy. */
    public static final String HEADER_REFERENCE = "dlq.reference";

    private Topics() {
    }
}
