package com.shopstream.common;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka producers as every part of the system writes: durable (acks=all) and idempotent, so a
 * retried send is never written twice, with raw bytes for keys and values. Callers tune batching.
 */
public final class KafkaProducers {

    private KafkaProducers() {
    }

    /**
     * @param lingerMs    how long to wait to fill a batch
     * @param compression {@code none}, {@code lz4}, ...
     * @param overrides   any further producer settings
     */
    public static KafkaProducer<byte[], byte[]> durable(String bootstrap, String clientId, int lingerMs, String compression,
                                                        Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-" + ProcessHandle.current().pid());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.putAll(overrides);
        return new KafkaProducer<>(config);
    }
}
