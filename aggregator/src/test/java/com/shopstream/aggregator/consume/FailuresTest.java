package com.shopstream.aggregator.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import io.vertx.redis.client.impl.types.ErrorType;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FailuresTest {

    private static PgException pg(String sqlState) {
        return new PgException("boom", "ERROR", sqlState, "detail");
    }

    private static PgException uniqueViolation(String constraint) {
        return new PgException("duplicate key", "ERROR", "23505", "detail", null, null, null, null, null, null, null, null,
                "public", null, null, null, constraint);
    }

    @Test
    @DisplayName("Values PostgreSQL, Kafka or Redis refuse are data failures, to be isolated to their records")
    void causedByData() {
        assertThat(Failures.isCausedByData(pg("22021"))).as("NUL in text").isTrue();
        assertThat(Failures.isCausedByData(pg("22003"))).as("numeric overflow").isTrue();
        assertThat(Failures.isCausedByData(pg("23514"))).as("check violation").isTrue();
        assertThat(Failures.isCausedByData(uniqueViolation("orders_pkey"))).as("unique violation of another key").isTrue();
        assertThat(Failures.isCausedByData(uniqueViolation("events_20261207_other_idx"))).as("another key of the events").isTrue();
        assertThat(Failures.isCausedByData(pg("54000"))).as("index row too large").isTrue();
        assertThat(Failures.isCausedByData(new IllegalStateException(pg("22P02")))).as("wrapped").isTrue();
        assertThat(Failures.isCausedByData(new RecordTooLargeException("too large"))).isTrue();
        assertThat(Failures.isCausedByData(new ArithmeticException("long overflow"))).isTrue();
        assertThat(Failures.isCausedByData(ErrorType.create("ERR increment or decrement would overflow"))).isTrue();
    }

    @Test
    @DisplayName("Lost connections, timeouts, races, shutdowns and bugs are not the data's fault: retried whole")
    void notCausedByData() {
        assertThat(Failures.isCausedByData(new ConnectException("refused"))).isFalse();
        assertThat(Failures.isCausedByData(new TimeoutException())).isFalse();
        assertThat(Failures.isCausedByData(pg("40P01"))).as("deadlock").isFalse();
        assertThat(Failures.isCausedByData(pg("57P01"))).as("admin shutdown").isFalse();
        assertThat(Failures.isCausedByData(pg("08006"))).as("connection failure").isFalse();
        assertThat(Failures.isCausedByData(pg("42P01"))).as("undefined table: a schema mismatch, not a value").isFalse();
        assertThat(Failures.isCausedByData(uniqueViolation("funnel_sessions_pkey"))).as("a new session inserted by two partitions").isFalse();
        assertThat(Failures.isCausedByData(uniqueViolation("events_20261207_occurred_at_event_id_idx")))
                .as("an event inserted by two partitions").isFalse();
        assertThat(Failures.isCausedByData(new NotLeaderOrFollowerException("moved"))).isFalse();
        assertThat(Failures.isCausedByData(ErrorType.create("LOADING Redis is loading the dataset in memory"))).isFalse();
        assertThat(Failures.isCausedByData(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    @DisplayName("A data failure is described by who refused it and why")
    void describes() {
        assertThat(Failures.describe(new IllegalStateException(pg("22021"))))
                .isEqualTo("refused by PostgreSQL (SQLSTATE 22021): boom");
        assertThat(Failures.describe(new RecordTooLargeException("1200000 bytes"))).isEqualTo("refused by Kafka: 1200000 bytes");
    }
}
