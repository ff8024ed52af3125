package com.shopstream.aggregator.consume;

import com.shopstream.aggregator.store.Candidate;
import com.shopstream.aggregator.store.DeadLetter;
import com.shopstream.aggregator.store.PartitionBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.shopstream.contract.EventValidator;
import com.shopstream.contract.ValidationPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RecordDecoderTest {

    private final RecordDecoder decoder = new RecordDecoder(new EventValidator(
            Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC), ValidationPolicy.DEFAULT));

    private static String view(String eventId) {
        return view(eventId, "2026-11-28T09:59:00Z");
    }

    private static String view(String eventId, String occurredAt) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"product_viewed\",\"occurredAt\":\"" + occurredAt + "\","
                + "\"customerId\":5,\"productId\":9}";
    }

    private static List<ConsumerRecord<byte[], byte[]>> records(long firstOffset, String... values) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            byte[] value = values[i] == null ? null : values[i].getBytes(StandardCharsets.UTF_8);
            records.add(new ConsumerRecord<>("shop.events", 3, firstOffset + i, "5".getBytes(StandardCharsets.UTF_8), value));
        }
        return records;
    }

    @Test
    @DisplayName("Valid events become candidates with their offsets, an event repeated in the batch once; the rest become dead letters with the field and reason")
    void sortsRecords() {
        String id = "0b6f3c9e-2f7a-4c1e-9a57-3f1d2b8c4e21";
        PartitionBatch batch = decoder.decode(3, records(100,
                view(id), "nope", null, view("not-a-uuid"), view(id), view("0b6f3c9e-2f7a-4c1e-9a57-3f1d2b8c4e22"),
                view(id, "2026-11-28T09:59:00.000001Z")));

        assertThat(batch.partition()).isEqualTo(3);
        assertThat(batch.firstOffset()).isEqualTo(100);
        assertThat(batch.lastOffset()).isEqualTo(106);
        assertThat(batch.nextOffset()).isEqualTo(107);
        assertThat(batch.candidates()).as("an event is its eventId at its occurredAt").extracting(Candidate::offset)
                .containsExactly(100L, 105L, 106L);
        assertThat(batch.repeatedOffsets()).containsExactly(104L);
        assertThat(batch.deadLetters()).extracting(DeadLetter::offset, DeadLetter::field).containsExactly(
                tuple(101L, ""),
                tuple(102L, ""),
                tuple(103L, "eventId"));
        assertThat(batch.deadLetters().get(0).reason()).startsWith("malformed JSON");
        assertThat(batch.deadLetters().get(1).reason()).isEqualTo("empty record value");
    }

    @Test
    @DisplayName("The part of a batch from an offset keeps only what lies at or after it")
    void fromOffset() {
        PartitionBatch batch = decoder.decode(0, records(10,
                view("0b6f3c9e-2f7a-4c1e-9a57-3f1d2b8c4e21"), "x", view("0b6f3c9e-2f7a-4c1e-9a57-3f1d2b8c4e21"),
                view("0b6f3c9e-2f7a-4c1e-9a57-3f1d2b8c4e23")));

        PartitionBatch rest = batch.from(12);

        assertThat(rest.firstOffset()).isEqualTo(12);
        assertThat(rest.nextOffset()).isEqualTo(14);
        assertThat(rest.candidates()).extracting(Candidate::offset).containsExactly(13L);
        assertThat(rest.repeatedOffsets()).containsExactly(12L);
        assertThat(rest.deadLetters()).isEmpty();
        assertThat(batch.from(5)).isSameAs(batch);
    }
}
