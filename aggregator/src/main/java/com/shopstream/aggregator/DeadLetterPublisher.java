package com.shopstream.aggregator;

import com.shopstream.contract.Topics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes rejected records to the dead-letter topic, unchanged, with the reason and their source
 * position in headers. Completes once Kafka acknowledged all of them, so a batch's transaction
 * commits only after its dead letters are durable (a crash in between re-sends them: at least once).
 */
final class DeadLetterPublisher {

    private final Vertx vertx;
    private final Producer<byte[], byte[]> producer;
    private final String topic;

    DeadLetterPublisher(Vertx vertx, Producer<byte[], byte[]> producer, String topic) {
        this.vertx = vertx;
        this.producer = producer;
        this.topic = topic;
    }

    Future<Void> publish(List<DeadLetter> deadLetters) {
        if (deadLetters.isEmpty()) {
            return Future.succeededFuture();
        }
        Context context = vertx.getOrCreateContext();
        Promise<Void> done = Promise.promise();
        AtomicInteger pending = new AtomicInteger(deadLetters.size());
        for (DeadLetter deadLetter : deadLetters) {
            RecordHeaders headers = new RecordHeaders();
            deadLetter.record().headers().forEach(headers::add);
            headers.add(Topics.HEADER_REASON, utf8(deadLetter.reason()));
            headers.add(Topics.HEADER_FIELD, utf8(deadLetter.field()));
            headers.add(Topics.HEADER_SOURCE_PARTITION, utf8(Integer.toString(deadLetter.record().partition())));
            headers.add(Topics.HEADER_SOURCE_OFFSET, utf8(Long.toString(deadLetter.offset())));
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                    topic, null, deadLetter.record().key(), deadLetter.record().value(), headers);
            producer.send(record, (metadata, error) -> context.runOnContext(v -> {
                if (error != null) {
                    done.tryFail(error);
                } else if (pending.decrementAndGet() == 0) {
                    done.tryComplete();
                }
            }));
        }
        return done.future();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
