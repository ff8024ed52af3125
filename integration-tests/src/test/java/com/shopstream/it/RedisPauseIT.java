package com.shopstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A Redis that stops answering (paused, hung, unreachable) must not hold what does not need it:
 * every Redis command has a timeout, after which the cache is skipped and rate limits pass.
 */
class RedisPauseIT {

    private static final Duration PAUSE = Duration.ofSeconds(10);

    private final Stack stack = Stack.INSTANCE;

    @Test
    @DisplayName("While Redis is paused, a PostgreSQL-backed answer comes after the Redis timeout, not after the pause")
    void pausedRedisDoesNotHoldQueries() {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        String path = "/v1/sales/timeseries?granularity=hour&region=" + TestData.uniqueName("it-pause")
                + "&from=" + hour.minus(Duration.ofHours(3)) + "&to=" + hour.plus(Duration.ofHours(1));
        Stack.await(stack.redis.send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(PAUSE.toMillis()).arg("ALL")));
        Instant paused = Instant.now();
        try {
            HttpResponse<Buffer> answer = stack.get(path);

            assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
            assertThat(Duration.between(paused, Instant.now())).as("answered while Redis was still paused").isLessThan(PAUSE);
        } finally {
            // A paused Redis blocks every client's commands, UNPAUSE included: wait for the pause to end.
            Awaitility.await().atMost(PAUSE.plusSeconds(20)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> "PONG".equals(Stack.await(stack.redis.send(Request.cmd(Command.PING))).toString()));
        }
    }
}
