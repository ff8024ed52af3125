package com.shopstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.EventType;
import com.shopstream.contract.OrderLine;
import com.shopstream.contract.ShopEvent;
import com.shopstream.contract.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class EventPublisherTest {

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final EventPublisher publisher = new EventPublisher(producer);

    private static ShopEvent order(long customerId) {
        return new ShopEvent(UUID.randomUUID(), EventType.ORDER_PLACED, Instant.parse("2026-11-28T04:00:00Z"), customerId,
                null, "eu-west", 1L, List.of(new OrderLine(1, 1, new BigDecimal("1.00"))), null);
    }

    @Test
    @DisplayName("Completes only once Kafka acknowledged every event, keyed by customerId on shop.events")
    void completesAfterEveryAck(Vertx vertx, VertxTestContext test) {
        vertx.runOnContext(v -> {
            Future<Integer> published = publisher.publish(List.of(order(7), order(8)), vertx.getOrCreateContext());
            producer.completeNext();
            vertx.runOnContext(afterFirstAck -> {
                test.verify(() -> assertThat(published.isComplete()).as("complete after one of two acks").isFalse());
                producer.completeNext();
                published.onComplete(test.succeeding(accepted -> test.verify(() -> {
                    assertThat(accepted).isEqualTo(2);
                    assertThat(producer.history()).extracting(r -> r.topic()).containsOnly(Topics.EVENTS);
                    assertThat(producer.history()).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                            .containsExactly("7", "8");
                    test.completeNow();
                })));
            });
        });
    }

    @Test
    @DisplayName("Fails when any one event was not acknowledged")
    void failsIfAnyFails(Vertx vertx, VertxTestContext test) {
        vertx.runOnContext(v -> {
            Future<Integer> published = publisher.publish(List.of(order(7), order(8), order(9)), vertx.getOrCreateContext());
            producer.completeNext();
            producer.errorNext(new TimeoutException("broker gone"));
            producer.completeNext();
            published.onComplete(test.failing(error -> test.verify(() -> {
                assertThat(error).isInstanceOf(TimeoutException.class).hasMessage("broker gone");
                test.completeNow();
            })));
        });
    }
}
