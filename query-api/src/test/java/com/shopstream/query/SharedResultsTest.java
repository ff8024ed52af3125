package com.shopstream.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SharedResultsTest {

    private final AtomicInteger computations = new AtomicInteger();

    private Future<JsonObject> compute(Promise<JsonObject> promise) {
        computations.incrementAndGet();
        return promise.future();
    }

    @Test
    @DisplayName("Requests while a computation is in flight share it; other keys compute on their own")
    void sharesInFlight() {
        SharedResults shared = new SharedResults(Duration.ZERO);
        Promise<JsonObject> first = Promise.promise();
        Future<JsonObject> a = shared.get("5m/none", () -> compute(first));
        Future<JsonObject> b = shared.get("5m/none", () -> compute(Promise.promise()));
        shared.get("1h/none", () -> compute(Promise.promise()));

        assertThat(b).isSameAs(a);
        assertThat(computations).hasValue(2);
        first.complete(new JsonObject().put("n", 1));
        assertThat(b.result().getInteger("n")).isEqualTo(1);
    }

    @Test
    @DisplayName("A completed answer is reused only within the reuse time; a failure is never reused")
    void reuseWindowAndFailures() {
        SharedResults noReuse = new SharedResults(Duration.ZERO);
        noReuse.get("k", () -> Future.succeededFuture(new JsonObject()));
        noReuse.get("k", () -> compute(Promise.promise()));
        assertThat(computations).hasValue(1);

        SharedResults reuse = new SharedResults(Duration.ofMinutes(1));
        Future<JsonObject> done = reuse.get("k", () -> Future.succeededFuture(new JsonObject()));
        assertThat(reuse.get("k", () -> compute(Promise.promise()))).isSameAs(done);

        reuse.get("bad", () -> Future.failedFuture("redis down"));
        Promise<JsonObject> retry = Promise.promise();
        reuse.get("bad", () -> compute(retry));
        assertThat(computations).hasValue(2);
    }
}
