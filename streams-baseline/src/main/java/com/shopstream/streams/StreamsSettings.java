package com.shopstream.streams;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Streams configuration of a run: exactly-once, and what an engineer tuning for throughput
 * would set without exotic settings. The commit interval stays at exactly_once_v2's default, 100 ms.
 */
final class StreamsSettings {

    private static final long CACHE_BYTES = 64L << 20;

    private StreamsSettings() {
    }

    static Properties of(RunOptions options, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, options.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, options.threads());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, options.replicationFactor());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, CACHE_BYTES);
        // Changelog records are small and alike: lz4 shrinks them for little CPU.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        return props;
    }
}
