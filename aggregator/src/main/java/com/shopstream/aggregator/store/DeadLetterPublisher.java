package com.shopstream.aggregator.store;

import com.shopstream.contract.Topics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes rejected records to the dead-letter topic with the reason and their source position in
 * headers. Completes once Kafka acknowledged all of them, so a batch's transaction commits only
 * after its dead letters are durable (a crash in between re-sends them: at least once). Sends run
 * on a worker thread: {@code KafkaProducer.send} blocks while it waits for the topic's metadata,
 * which it must fetch again after an idle while, and which a broker that is away cannot give.
 *
 * <p>A dead letter is always publishable. The reason is cut to {@link #MAX_REASON_CHARS}; a record
 * that would not fit in a request with its headers added, or that Kafka refuses as too large, is
 * published as a reference instead: source topic, partition, offset, size, SHA-256 and its first
 * bytes, from which the original can be found while the source topic keeps it.
 */
public final class DeadLetterPublisher {

    static final int MAX_REASON_CHARS = 1000;
    /** Below the producer's and the broker's default limit of 1 MiB, with room for the headers added. */
    static final int MAX_INLINE_BYTES = 900 * 1024;
    static final int REFERENCE_HEAD_BYTES = 256;

    private final Vertx vertx;
    private final Producer<byte[], byte[]> producer;
    private final String topic;

    public DeadLetterPublisher(Vertx vertx, Producer<byte[], byte[]> producer, String topic) {
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
        vertx.executeBlocking(() -> {
            for (DeadLetter deadLetter : deadLetters) {
                send(deadLetter, sizeOf(deadLetter.record()) > MAX_INLINE_BYTES, context, done, pending);
            }
            return null;
        }, true).onFailure(done::tryFail);
        return done.future();
    }

    /** Called on a worker thread; completes {@code done} on the caller's context. */
    private void send(DeadLetter deadLetter, boolean asReference, Context context, Promise<Void> done, AtomicInteger pending) {
        ProducerRecord<byte[], byte[]> record = asReference ? reference(topic, deadLetter) : inline(topic, deadLetter);
        producer.send(record, (metadata, error) -> {
            if (error instanceof RecordTooLargeException && !asReference) {
                context.executeBlocking(() -> {
                    send(deadLetter, true, context, done, pending);
                    return null;
                }, true).onFailure(e -> context.runOnContext(v -> done.tryFail(e)));
            } else if (error != null) {
                context.runOnContext(v -> done.tryFail(error));
            } else if (pending.decrementAndGet() == 0) {
                context.runOnContext(v -> done.tryComplete());
            }
        });
    }

    static ProducerRecord<byte[], byte[]> inline(String topic, DeadLetter deadLetter) {
        RecordHeaders headers = new RecordHeaders();
        deadLetter.record().headers().forEach(headers::add);
        addReason(headers, deadLetter);
        return new ProducerRecord<>(topic, null, deadLetter.record().key(), deadLetter.record().value(), headers);
    }

    static ProducerRecord<byte[], byte[]> reference(String topic, DeadLetter deadLetter) {
        ConsumerRecord<byte[], byte[]> source = deadLetter.record();
        byte[] value = source.value() == null ? new byte[0] : source.value();
        JsonObject reference = new JsonObject()
                .put("topic", source.topic())
                .put("partition", source.partition())
                .put("offset", source.offset())
                .put("size", sizeOf(source))
                .put("valueSize", value.length)
                .put("valueSha256", sha256(value))
                .put("valueHead", Base64.getEncoder().encodeToString(Arrays.copyOf(value, Math.min(value.length, REFERENCE_HEAD_BYTES))));
        RecordHeaders headers = new RecordHeaders();
        addReason(headers, deadLetter);
        headers.add(Topics.HEADER_REFERENCE, utf8("true"));
        return new ProducerRecord<>(topic, null, (byte[]) null, reference.toBuffer().getBytes(), headers);
    }

    private static void addReason(RecordHeaders headers, DeadLetter deadLetter) {
        headers.add(Topics.HEADER_REASON, utf8(cut(deadLetter.reason())));
        headers.add(Topics.HEADER_FIELD, utf8(cut(deadLetter.field())));
        headers.add(Topics.HEADER_SOURCE_PARTITION, utf8(Integer.toString(deadLetter.record().partition())));
        headers.add(Topics.HEADER_SOURCE_OFFSET, utf8(Long.toString(deadLetter.offset())));
    }

    /** The text cut to {@link #MAX_REASON_CHARS}, never between the two halves of a surrogate pair. */
    static String cut(String text) {
        if (text.length() <= MAX_REASON_CHARS) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_REASON_CHARS - 2)) ? MAX_REASON_CHARS - 2 : MAX_REASON_CHARS - 1;
        return text.substring(0, end) + "…";
    }

    static int sizeOf(ConsumerRecord<byte[], byte[]> record) {
        int size = (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
        for (Header header : record.headers()) {
            size += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
