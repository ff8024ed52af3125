package com.shopstream.loadgen;

import com.shopstream.contract.ShopEvent;
import java.time.Duration;
import java.util.List;

/** Where generated events go: Kafka or the ingest HTTP API. Sends are asynchronous. */
interface EventSink extends AutoCloseable {

    void send(List<ShopEvent> events);

    /** Waits until every event sent so far is acknowledged or failed, at most {@code timeout}. */
    void flush(Duration timeout);

    Deliveries deliveries();

    @Override
    void close();
}
