package com.shopstream.it;

import com.shopstream.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads the dead-letter topic from a remembered position, to find the records a test caused. */
final class DeadLetters implements AutoCloseable {

    record Letter(byte[] value, Map<String, String> headers) {
        String valueText() {
            return value == null ? "" : new String(value, StandardCharsets.UTF_8);
        }

        /** A dead letter that stands for a record too large to copy. */
        boolean isReference() {
            return "true".equals(headers.get(Topics.HEADER_REFERENCE));
        }
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;

    /** Starts at the current end of the topic: only records written from now on are seen. */
    DeadLetters(Stack stack) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.connections.kafkaBootstrap(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        partitions = consumer.partitionsFor(Topics.EVENTS_DLQ).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** Reads until every predicate matched a distinct letter, or the time is up; returns the matches in order. */
    List<Letter> awaitMatching(Duration atMost, List<Predicate<Letter>> wanted) {
        List<Letter> seen = new ArrayList<>();
        Map<Integer, Letter> found = new HashMap<>();
        Instant deadline = Instant.now().plus(atMost);
        while (found.size() < wanted.size() && Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                Map<String, String> headers = new HashMap<>();
                for (Header header : record.headers()) {
                    headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                }
                seen.add(new Letter(record.value(), headers));
            }
            for (int i = 0; i < wanted.size(); i++) {
                if (!found.containsKey(i)) {
                    for (Letter letter : seen) {
                        if (!found.containsValue(letter) && wanted.get(i).test(letter)) {
                            found.put(i, letter);
                            break;
                        }
                    }
                }
            }
        }
        if (found.size() < wanted.size()) {
            throw new AssertionError("found " + found.size() + " of " + wanted.size() + " expected dead letters among "
                    + seen.stream().map(l -> l.headers().get(Topics.HEADER_REASON) + " <- " + l.valueText()).toList());
        }
        List<Letter> ordered = new ArrayList<>();
        for (int i = 0; i < wanted.size(); i++) {
            ordered.add(found.get(i));
        }
        return ordered;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
