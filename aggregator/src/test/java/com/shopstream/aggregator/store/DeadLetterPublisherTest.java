package com.shopstream.aggregator.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.Topics;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeadLetterPublisherTest {

    @Test
    @DisplayName("A reason is cut to a bounded length, so a record's own text cannot make its dead letter too large")
    void reasonCut() {
        String reason = "type: unknown event type '" + "x".repeat(600_000) + "'";
        ConsumerRecord<byte[], byte[]> source = new ConsumerRecord<>("shop.events", 1, 7, null, "{}".getBytes(StandardCharsets.UTF_8));

        ProducerRecord<byte[], byte[]> letter = DeadLetterPublisher.inline("shop.events.dlq", new DeadLetter(source, "type", reason));

        String header = new String(letter.headers().lastHeader(Topics.HEADER_REASON).value(), StandardCharsets.UTF_8);
        assertThat(header).hasSize(DeadLetterPublisher.MAX_REASON_CHARS).startsWith("type: unknown event type 'xxx").endsWith("…");
        assertThat(letter.value()).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("A record too large to copy becomes a reference: where it is, its size, its SHA-256 and its first bytes")
    void reference() throws Exception {
        byte[] value = new byte[DeadLetterPublisher.MAX_INLINE_BYTES + 1];
        Arrays.fill(value, (byte) 'a');
        ConsumerRecord<byte[], byte[]> source = new ConsumerRecord<>("shop.events", 4, 1234, "k".getBytes(StandardCharsets.UTF_8), value);
        assertThat(DeadLetterPublisher.sizeOf(source)).isGreaterThan(DeadLetterPublisher.MAX_INLINE_BYTES);

        ProducerRecord<byte[], byte[]> letter = DeadLetterPublisher.reference("shop.events.dlq", new DeadLetter(source, "", "malformed JSON"));

        JsonObject reference = new JsonObject(new String(letter.value(), StandardCharsets.UTF_8));
        assertThat(reference.getString("topic")).isEqualTo("shop.events");
        assertThat(reference.getInteger("partition")).isEqualTo(4);
        assertThat(reference.getLong("offset")).isEqualTo(1234);
        assertThat(reference.getInteger("valueSize")).isEqualTo(value.length);
        assertThat(reference.getString("valueSha256")).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value)));
        assertThat(Base64.getDecoder().decode(reference.getString("valueHead"))).hasSize(DeadLetterPublisher.REFERENCE_HEAD_BYTES);
        assertThat(letter.value().length).isLessThan(1024);
        assertThat(new String(letter.headers().lastHeader(Topics.HEADER_REFERENCE).value(), StandardCharsets.UTF_8)).isEqualTo("true");
        assertThat(new String(letter.headers().lastHeader(Topics.HEADER_SOURCE_OFFSET).value(), StandardCharsets.UTF_8)).isEqualTo("1234");
    }
}
