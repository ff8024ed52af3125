package com.shopstream.query;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the live snapshot to every subscriber of this instance (server-sent events and WebSocket
 * clients alike) once per interval: one computation per interval whatever the number of
 * subscribers, and none while there are none. Backpressure: a subscriber whose connection has not
 * drained what it was sent before (its write queue is full) is dropped rather than queued for, so
 * a slow client costs at most its bounded write queue. New subscribers get the latest snapshot at
 * once.
 */
final class LiveFeed {

    /** A connection receiving snapshots. */
    interface Subscriber {

        /** True when earlier messages are still queued: sending more would grow memory. */
        boolean congested();

        void send(String snapshot);

        /** Ends the connection, telling the client why where the protocol allows. */
        void drop(String reason);
    }

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

    private final Vertx vertx;
    /** The context the snapshots are taken on: the service's own, not that of the request that came first. */
    private final Context context;
    private final Duration interval;
    private final int maxSubscribers;
    private final Supplier<Future<JsonObject>> snapshot;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final Counter dropped;
    private volatile String latest;
    private long timer = -1;
    private boolean ticking;
    private boolean computing;

    LiveFeed(Vertx vertx, Duration interval, int maxSubscribers, Supplier<Future<JsonObject>> snapshot, MeterRegistry registry) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.interval = interval;
        this.maxSubscribers = maxSubscribers;
        this.snapshot = snapshot;
        this.dropped = Counter.builder("shop.live.dropped")
                .description("Live subscribers dropped because they did not keep up").register(registry);
        Gauge.builder("shop.live.subscribers", subscribers, Set::size)
                .description("Live subscribers connected to this instance").register(registry);
    }

    /** Adds a subscriber; false when this instance already serves as many as it may. */
    boolean subscribe(Subscriber subscriber) {
        if (subscribers.size() >= maxSubscribers) {
            return false;
        }
        subscribers.add(subscriber);
        String current = latest;
        if (current != null) {
            subscriber.send(current);
        }
        if (!ticking) {
            ticking = true;
            context.runOnContext(v -> timer = vertx.setPeriodic(0, interval.toMillis(), id -> tick()));
        }
        return true;
    }

    void unsubscribe(Subscriber subscriber) {
        subscribers.remove(subscriber);
    }

    private void tick() {
        if (subscribers.isEmpty()) {
            vertx.cancelTimer(timer);
            ticking = false;
            latest = null;
            return;
        }
        if (computing) {
            return;
        }
        computing = true;
        snapshot.get().onComplete(result -> {
            computing = false;
            if (result.failed()) {
                LOG.warn("live snapshot failed, next attempt in {}: {}", interval, result.cause().toString());
                return;
            }
            String message = result.result().encode();
            latest = message;
            for (Subscriber subscriber : subscribers) {
                if (subscriber.congested()) {
                    subscribers.remove(subscriber);
                    dropped.increment();
                    subscriber.drop("too slow: the previous updates are still unread");
                } else {
                    subscriber.send(message);
                }
            }
        });
    }
}
