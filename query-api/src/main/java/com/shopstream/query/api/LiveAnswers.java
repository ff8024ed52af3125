package com.shopstream.query.api;

import com.shopstream.common.SharedFutures;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The live answers (windows ending now) this instance had lately, reused without asking Redis for
 * up to {@code reuse} after the lookup that produced them started: every answer reflects what Redis
 * held at most that long before the request it answers.
 *
 * <p>Past half that age, the first request starts the next lookup in the background and is answered,
 * like the others meanwhile, with the last answer. A request that finds no answer young enough waits
 * for a lookup started within the reuse period, or starts one. So under steady requests the hot
 * answers are looked up ahead of time, one lookup at a time, and requests wait for Redis only when a
 * lookup takes longer than half the reuse period; before, every request that came in while the
 * answer was being looked up again waited for Redis, which runs one aggregator batch script at a
 * time.
 */
final class LiveAnswers<T> {

    private static final int MAX_KEYS = 1_000;

    /** A lookup and when it started; {@code answer} completes when the lookup does. */
    private record Lookup<T>(Future<T> answer, long startedNanos) {
    }

    private final long reuseNanos;
    private final LongSupplier nanoTime;
    private final Runnable onReuse;
    private final Map<String, Lookup<T>> answered = new ConcurrentHashMap<>();
    private final Map<String, Lookup<T>> running = new ConcurrentHashMap<>();

    /** {@code onReuse}: told of every request answered with the last answer, without a lookup. */
    LiveAnswers(Duration reuse, LongSupplier nanoTime, Runnable onReuse) {
        this.reuseNanos = reuse.toNanos();
        this.nanoTime = nanoTime;
        this.onReuse = onReuse;
    }

    /** The answer to {@code key}: the last one while it is young enough, else that of {@code lookup}. */
    Future<T> get(String key, Supplier<Future<T>> lookup) {
        long now = nanoTime.getAsLong();
        Lookup<T> last = answered.get(key);
        if (last != null && now - last.startedNanos() < reuseNanos) {
            if (now - last.startedNanos() >= reuseNanos / 2) {
                lookUp(key, lookup, now);
            }
            onReuse.run();
            return last.answer();
        }
        return SharedFutures.join(lookUp(key, lookup, now).answer());
    }

    /** The lookup of {@code key} started within the reuse period, or a new one. */
    private Lookup<T> lookUp(String key, Supplier<Future<T>> lookup, long now) {
        Promise<T> promise = Promise.promise();
        Lookup<T> started = new Lookup<>(promise.future(), now);
        Lookup<T> current = running.compute(key,
                (k, other) -> other != null && now - other.startedNanos() < reuseNanos ? other : started);
        if (current == started) {
            // Through compose, a lookup that throws fails its future like one that fails.
            Future<T> answer = Future.<Void>succeededFuture().compose(v -> lookup.get());
            answer.onComplete(result -> {
                running.remove(key, started);
                if (result.succeeded()) {
                    remember(key, started);
                }
            });
            answer.onComplete(promise);
        }
        return current;
    }

    private void remember(String key, Lookup<T> lookup) {
        if (answered.size() >= MAX_KEYS) {
            answered.clear();
        }
        answered.merge(key, lookup, (old, next) -> next.startedNanos() - old.startedNanos() >= 0 ? next : old);
    }
}
