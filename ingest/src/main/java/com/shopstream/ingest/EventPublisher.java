package com.shopstream.ingest;

import com.shopstream.contract.EventJsonWriter;
import com.shopstream.contract.ShopEvent;
import com.shopstream.contract.Topics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes events to {@code shop.events} in canonical JSON, keyed by customerId so that a
 * customer's events keep their order. The returned future completes only when Kafka has
 * acknowledged every event (acks=all, idempotent producer), and fails if any one of them failed.
 * Must be called off the event loop: the producer may block while it fetches metadata.
 */
final class EventPublisher {

    private final Producer<byte[], byte[]> producer;

    EventPublisher(Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    Future<Integer> publish(List<ShopEvent> events, Context context) {
        Promise<Integer> done = Promise.promise();
        AtomicInteger pending = new AtomicInteger(events.size());
        for (ShopEvent event : events) {
            byte[] key = Long.toString(event.customerId()).getBytes(StandardCharsets.UTF_8);
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.EVENTS, key, EventJsonWriter.write(event));
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    context.runOnContext(v -> done.tryFail(error));
                } else if (pending.decrementAndGet() == 0) {
                    context.runOnContext(v -> done.tryComplete(events.size()));
                }
            });
        }
        return done.future();
    }
}
