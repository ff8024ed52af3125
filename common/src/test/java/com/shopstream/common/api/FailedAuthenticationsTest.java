package com.shopstream.common.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FailedAuthenticationsTest {

    private final AtomicLong now = new AtomicLong();
    private final FailedAuthentications failures = new FailedAuthentications(3, Duration.ofMinutes(1), now::get);

    @Test
    @DisplayName("An address is refused after its allowance of failures, until its window ends; other addresses are not")
    void refusesUntilTheWindowEnds() {
        for (int i = 0; i < 3; i++) {
            assertThat(failures.retryAfterSeconds("10.0.0.1")).isZero();
            failures.failed("10.0.0.1");
        }
        now.addAndGet(Duration.ofSeconds(20).toNanos());

        assertThat(failures.retryAfterSeconds("10.0.0.1")).isEqualTo(40);
        assertThat(failures.retryAfterSeconds("10.0.0.2")).isZero();

        now.addAndGet(Duration.ofSeconds(40).toNanos());
        assertThat(failures.retryAfterSeconds("10.0.0.1")).isZero();
        failures.failed("10.0.0.1");
        assertThat(failures.retryAfterSeconds("10.0.0.1")).as("a new window").isZero();
    }
}
