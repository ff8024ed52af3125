package com.shopstream.loadgen.load;

import com.shopstream.common.KafkaProducers;
import com.shopstream.contract.EventJsonWriter;
import com.shopstream.contract.ShopEvent;
import com.shopstream.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends events straight to {@code shop.events}, as any producer may, keyed by customerId. A
 * customer's events share a partition, whose acknowledgements arrive in the order sent.
 */
public final class KafkaSink implements EventSink {

    private final KafkaProducer<byte[], byte[]> producer;
    private final Deliveries deliveries = new Deliveries();
    private final Consumer<ShopEvent> onAcknowledged;

    public KafkaSink(String bootstrap) {
        this(bootstrap, event -> { });
    }

    KafkaSink(String bootstrap, Consumer<ShopEvent> onAcknowledged) {
        this.onAcknowledged = onAcknowledged;
        // Uncompressed: on one machine compression only costs CPU that the pipeline under test needs.
        producer = KafkaProducers.durable(bootstrap, "loadgen", 20, "none", Map.of());
    }

    @Override
    public CompletableFuture<Void> send(List<ShopEvent> events) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger pending = new AtomicInteger(events.size());
        for (ShopEvent event : events) {
            byte[] key = Long.toString(event.customerId()).getBytes(StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>(Topics.EVENTS, key, EventJsonWriter.write(event)), (metadata, error) -> {
                if (error == null) {
                    deliveries.acknowledged(1);
                    onAcknowledged.accept(event);
                } else {
                    deliveries.failed(1, error.getMessage());
                }
                if (pending.decrementAndGet() == 0) {
                    done.complete(null);
                }
            });
        }
        return done;
    }

    @Override
    public void flush(Duration timeout) {
        producer.flush();
    }

    @Override
    public Deliveries deliveries() {
        return deliveries;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
