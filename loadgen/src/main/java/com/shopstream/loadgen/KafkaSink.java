package com.shopstream.loadgen;

import com.shopstream.contract.EventJsonWriter;
import com.shopstream.contract.ShopEvent;
import com.shopstream.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Sends events straight to {@code shop.events}, as any producer may, keyed by customerId. */
final class KafkaSink implements EventSink {

    private final KafkaProducer<byte[], byte[]> producer;
    private final Deliveries deliveries = new Deliveries();

    KafkaSink(String bootstrap) {
        // Uncompressed: on one machine compression only costs CPU that the pipeline under test needs.
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.CLIENT_ID_CONFIG, "loadgen-" + ProcessHandle.current().pid()));
    }

    @Override
    public void send(List<ShopEvent> events) {
        for (ShopEvent event : events) {
            byte[] key = Long.toString(event.customerId()).getBytes(StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>(Topics.EVENTS, key, EventJsonWriter.write(event)), (metadata, error) -> {
                if (error == null) {
                    deliveries.acknowledged(1);
                } else {
                    deliveries.failed(1, error.getMessage());
                }
            });
        }
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
