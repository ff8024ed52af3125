package com.shopstream.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
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
    @DisplayName("Lost connections, timeouts, deadlocks, serialization failures and shutdowns are retried")
    void retriable() {
        assertThat(Failures.isRetriable(new ConnectException("refused"))).isTrue();
        assertThat(Failures.isRetriable(new TimeoutException())).isTrue();
        assertThat(Failures.isRetriable(new IllegalStateException(new TimeoutException()))).isTrue();
        assertThat(Failures.isRetriable(pg("40P01"))).as("deadlock").isTrue();
        assertThat(Failures.isRetriable(pg("40001"))).as("serialization").isTrue();
        assertThat(Failures.isRetriable(pg("57P01"))).as("admin shutdown").isTrue();
        assertThat(Failures.isRetriable(pg("08006"))).as("connection failure").isTrue();
        assertThat(Failures.isRetriable(new org.apache.kafka.common.errors.NotLeaderOrFollowerException("moved"))).isTrue();
        assertThat(Failures.isRetriable(uniqueViolation("funnel_sessions_pkey"))).as("a new session inserted by two partitions").isTrue();
    }

    @Test
    @DisplayName("Bugs and data the schema refuses fail the same way every time and are not retried")
    void notRetriable() {
        assertThat(Failures.isRetriable(new IllegalStateException("bug"))).isFalse();
        assertThat(Failures.isRetriable(pg("23505"))).as("unique violation").isFalse();
        assertThat(Failures.isRetriable(uniqueViolation("orders_pkey"))).as("unique violation of another key").isFalse();
        assertThat(Failures.isRetriable(pg("22003"))).as("numeric overflow").isFalse();
        assertThat(Failures.isRetriable(pg("42P01"))).as("undefined table").isFalse();
        assertThat(Failures.isRetriable(new io.vertx.core.VertxException("wrong number of parameters"))).isFalse();
    }
}
