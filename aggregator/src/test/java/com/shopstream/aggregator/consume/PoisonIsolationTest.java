package com.shopstream.aggregator.consume;

import com.shopstream.aggregator.store.Candidate;
import com.shopstream.aggregator.store.DeadLetter;
import com.shopstream.aggregator.store.PartitionBatch;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.EventValidator;
import com.shopstream.contract.ValidationPolicy;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PoisonIsolationTest {

    private static final String POISON = "poison";

    private final RecordDecoder decoder = new RecordDecoder(new EventValidator(
            Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC), ValidationPolicy.DEFAULT));
    /** What a store that refuses any batch holding an event of the poisoned session kept, batch by batch. */
    private final List<PartitionBatch> committed = new ArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger isolated = new AtomicInteger();

    private Future<Void> store(PartitionBatch batch) {
        attempts.incrementAndGet();
        if (batch.candidates().stream().anyMatch(c -> POISON.equals(c.event().sessionId()))) {
            return Future.failedFuture(new PgException("invalid byte sequence", "ERROR", "22021", null));
        }
        committed.add(batch);
        return Future.succeededFuture();
    }

    @Test
    @DisplayName("A refused batch is stored in halves until each poison record stands alone and becomes a dead letter")
    void isolatesPoison() {
        List<ConsumerRecord<byte[], byte[]>> records = records(100, 37, 5, 36);
        PoisonIsolation isolation = new PoisonIsolation(decoder, this::store, isolated::incrementAndGet);

        assertThat(isolation.decode(2, records).get().succeeded()).isTrue();

        List<Long> stored = committed.stream().flatMap(b -> b.candidates().stream()).map(Candidate::offset).toList();
        List<Long> deadLettered = committed.stream().flatMap(b -> b.deadLetters().stream()).map(DeadLetter::offset).toList();
        assertThat(deadLettered).containsExactly(105L, 136L);
        assertThat(stored).hasSize(35).doesNotContain(105L, 136L).isSorted();
        assertThat(committed.get(0).firstOffset()).isEqualTo(100);
        for (int i = 1; i < committed.size(); i++) {
            assertThat(committed.get(i).firstOffset()).as("batches follow each other without gaps")
                    .isEqualTo(committed.get(i - 1).nextOffset());
        }
        assertThat(committed.get(committed.size() - 1).nextOffset()).isEqualTo(137);
        assertThat(committed.stream().flatMap(b -> b.deadLetters().stream()).map(DeadLetter::reason))
                .allMatch(reason -> reason.equals("refused by PostgreSQL (SQLSTATE 22021): invalid byte sequence"));
        assertThat(isolated).hasValue(2);
    }

    @Test
    @DisplayName("A clean batch is stored in one attempt")
    void cleanBatchOnce() {
        PoisonIsolation isolation = new PoisonIsolation(decoder, this::store, isolated::incrementAndGet);

        assertThat(isolation.decode(2, records(0, 50)).get().succeeded()).isTrue();

        assertThat(attempts).hasValue(1);
        assertThat(committed).hasSize(1);
    }

    @Test
    @DisplayName("A failure not caused by data fails the whole batch, to be retried; nothing is dead-lettered")
    void infrastructureFailurePassesOn() {
        PoisonIsolation isolation = new PoisonIsolation(decoder,
                batch -> Future.failedFuture(new ConnectException("refused")), isolated::incrementAndGet);

        Future<Void> result = isolation.decode(2, records(0, 8, 3)).get();

        assertThat(result.failed()).isTrue();
        assertThat(result.cause()).isInstanceOf(ConnectException.class);
        assertThat(isolated).hasValue(0);
    }

    /** {@code count} view events from {@code firstOffset}; those at the given positions carry the poisoned session. */
    private static List<ConsumerRecord<byte[], byte[]>> records(long firstOffset, int count, int... poisonAt) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean poison = false;
            for (int p : poisonAt) {
                poison |= p == i;
            }
            String json = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"product_viewed\",\"occurredAt\":\"2026-11-28T09:59:00Z\","
                    + "\"customerId\":5,\"productId\":9,\"sessionId\":\"" + (poison ? POISON : "s-" + i) + "\"}";
            records.add(new ConsumerRecord<>("shop.events", 2, firstOffset + i, "5".getBytes(StandardCharsets.UTF_8),
                    json.getBytes(StandardCharsets.UTF_8)));
        }
        return records;
    }
}
