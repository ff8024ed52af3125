package com.shopstream.common;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * Runs at most a set number of asynchronous operations at once; the others wait their turn, first
 * come first served. An operation holds its turn until its own future completes, whatever its
 * callers stopped waiting for. An operation that waited starts on its caller's Vert.x context, not on
 * the one whose completion freed its turn, so its caller's continuations stay on their own thread.
 */
final class ConcurrencyLimit {

    private final int max;
    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private int running;

    ConcurrencyLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("a concurrency limit must be at least 1, not " + max);
        }
        this.max = max;
    }

    <T> Future<T> run(Supplier<Future<T>> operation) {
        Context caller = Vertx.currentContext();
        Promise<T> result = Promise.promise();
        Runnable start = () -> {
            Future<T> started;
            try {
                started = operation.get();
            } catch (RuntimeException e) {
                started = Future.failedFuture(e);
            }
            started.onComplete(done -> {
                release();
                result.handle(done);
            });
        };
        boolean now;
        synchronized (this) {
            now = running < max;
            if (now) {
                running++;
            } else {
                waiting.add(caller == null ? start : () -> caller.runOnContext(v -> start.run()));
            }
        }
        if (now) {
            start.run();
        }
        return result.future();
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                running--;
            }
        }
        if (next != null) {
            next.run();
        }
    }
}
