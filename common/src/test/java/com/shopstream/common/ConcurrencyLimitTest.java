package com.shopstream.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitTest {

    @Test
    @DisplayName("At most the limit runs at once; the next waiting one starts as each completes, in order")
    void limits() {
        ConcurrencyLimit limit = new ConcurrencyLimit(2);
        List<Promise<Integer>> started = new ArrayList<>();
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(limit.run(() -> {
                Promise<Integer> running = Promise.promise();
                started.add(running);
                return running.future();
            }));
        }
        assertThat(started).hasSize(2);

        started.get(1).complete(1);
        assertThat(results.get(1).result()).isEqualTo(1);
        assertThat(started).hasSize(3);

        started.get(0).fail("lost");
        assertThat(results.get(0).failed()).isTrue();
        assertThat(started).hasSize(4);

        started.get(2).complete(2);
        started.get(3).complete(3);
        assertThat(started).hasSize(5);
        started.get(4).complete(4);
        assertThat(results.get(4).result()).isEqualTo(4);
    }

    @Test
    @DisplayName("An operation that throws fails its own future and frees its turn")
    void throwing() {
        ConcurrencyLimit limit = new ConcurrencyLimit(1);
        Future<Object> thrown = limit.run(() -> {
            throw new IllegalStateException("boom");
        });
        assertThat(thrown.failed()).isTrue();
        assertThat(limit.run(() -> Future.succeededFuture("next")).result()).isEqualTo("next");
    }

    @Test
    @DisplayName("An operation that waited starts on its own caller's context, not on the one that freed its turn")
    void waitingOperationStartsOnItsCallersContext() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            ConcurrencyLimit limit = new ConcurrencyLimit(1);
            Context first = vertx.getOrCreateContext();
            Context second = vertx.getOrCreateContext();
            Promise<String> holding = Promise.promise();
            CompletableFuture<Context> startedOn = new CompletableFuture<>();
            first.runOnContext(v -> limit.run(() -> holding.future()));
            CompletableFuture<Void> queued = new CompletableFuture<>();
            second.runOnContext(v -> {
                limit.run(() -> {
                    startedOn.complete(Vertx.currentContext());
                    return Future.succeededFuture("done");
                });
                queued.complete(null);
            });
            queued.get(5, TimeUnit.SECONDS);
            first.runOnContext(v -> holding.complete("freed"));
            assertThat(startedOn.get(5, TimeUnit.SECONDS)).isSameAs(second);
        } finally {
            vertx.close().await(5, TimeUnit.SECONDS);
        }
    }
}
