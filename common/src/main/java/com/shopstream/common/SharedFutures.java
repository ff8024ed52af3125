package com.shopstream.common;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Futures that several requests wait for. A future delivers its outcome on the context it was
 * created on, so every request that joined one created by another would go on running on that
 * other request's context, and log with its request id. Joining through here delivers the outcome
 * on the joiner's own context instead.
 */
public final class SharedFutures {

    private SharedFutures() {
    }

    public static <T> Future<T> join(Future<T> shared) {
        Context caller = Vertx.currentContext();
        if (caller == null) {
            return shared;
        }
        Promise<T> promise = Promise.promise();
        shared.onComplete(result -> caller.runOnContext(v -> promise.handle(result)));
        return promise.future();
    }
}
