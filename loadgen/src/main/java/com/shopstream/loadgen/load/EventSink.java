package com.shopstream.loadgen.load;

import com.shopstream.contract.ShopEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where generated events go: Kafka or the ingest HTTP API. Sends are asynchronous, and the events
 * of one customer reach Kafka in the order they were sent. A sink tells its listener of each event
 * it got acknowledged, the events of one customer in the order they were sent.
 */
interface EventSink extends AutoCloseable {

    /** Sends the events; completes once every one of them is acknowledged or has failed. */
    CompletableFuture<Void> send(List<ShopEvent> events);

    /** Waits until every event sent so far is acknowledged or failed, at most {@code timeout}. */
    void flush(Duration timeout);

    Deliveries deliveries();

    @Override
    void close();
}
