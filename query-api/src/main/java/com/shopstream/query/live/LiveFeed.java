package com.shopstream.query.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the live snapshot to every subscriber of this instance (server-sent events and WebSocket
 * clients alike) once per interval: one computation per interval whatever the number of
 * subscribers, and none while there are none. Backpressure: a subscriber whose connection has not
 * drained what it was sent before (its write queue is full) is dropped rather than queued for, so
 * a slow client costs at most its bounded write queue. New subscribers get the latest snapshot at
 * once. Subscribers are capped per instance and per API key, so one key cannot take every place;
 * every {@code keyCheckInterval} the keys of the open subscriptions are checked in one query, and
 * the subscribers of a key revoked or stripped of its scope meanwhile are dropped.
 */
public final class LiveFeed {

    /** A connection receiving snapshots, opened with an API key. */
    record Subscriber(long keyId, BooleanSupplier queueFull, Consumer<String> sender, Consumer<String> closer) {

        /** True when earlier messages are still queued: sending more would grow memory. */
        boolean congested() {
            return queueFull.getAsBoolean();
        }

        void send(String snapshot) {
            sender.accept(snapshot);
        }

        /** Ends the connection, telling the client why where the protocol allows. */
        void drop(String reason) {
            closer.accept(reason);
        }
    }

    /** Whether a subscriber was taken on, or which cap refused it. */
    enum Admission { ADMITTED, INSTANCE_FULL, KEY_FULL }

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

    private final Vertx vertx;
    /** The context the snapshots are taken on: the service's own, not that of the request that came first. */
    private final Context context;
    private final Duration interval;
    private final int maxSubscribers;
    private final int maxPerKey;
    private final long keyCheckNanos;
    private final Function<Set<Long>, Future<Set<Long>>> allowedKeys;
    private final Supplier<Future<JsonObject>> snapshot;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final Counter dropped;
    private volatile String latest;
    private long timer = -1;
    private boolean ticking;
    private boolean computing;
    private boolean checkingKeys;
    private long keysCheckedAtNanos = System.nanoTime();

    /**
     * @param allowedKeys of the given key ids, those that may still read; asked every {@code keyCheckInterval}
     */
    public LiveFeed(Vertx vertx, Duration interval, int maxSubscribers, int maxPerKey, Duration keyCheckInterval,
             Function<Set<Long>, Future<Set<Long>>> allowedKeys, Supplier<Future<JsonObject>> snapshot, MeterRegistry registry) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.interval = interval;
        this.maxSubscribers = maxSubscribers;
        this.maxPerKey = maxPerKey;
        this.keyCheckNanos = keyCheckInterval.toNanos();
        this.allowedKeys = allowedKeys;
        this.snapshot = snapshot;
        this.dropped = Counter.builder("shop.live.dropped")
                .description("Live subscribers dropped because they did not keep up").register(registry);
        Gauge.builder("shop.live.subscribers", subscribers, Set::size)
                .description("Live subscribers connected to this instance").register(registry);
    }

    /** Adds a subscriber, unless this instance, or this instance for its key, already serves as many as it may. */
    Admission subscribe(Subscriber subscriber) {
        if (subscribers.size() >= maxSubscribers) {
            return Admission.INSTANCE_FULL;
        }
        if (subscribers.stream().filter(s -> s.keyId() == subscriber.keyId()).count() >= maxPerKey) {
            return Admission.KEY_FULL;
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
        return Admission.ADMITTED;
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
        if (System.nanoTime() - keysCheckedAtNanos >= keyCheckNanos) {
            checkKeys();
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

    /** Drops the subscribers whose key was revoked or lost its scope; keeps them all while the keys cannot be checked. */
    private void checkKeys() {
        if (checkingKeys) {
            return;
        }
        checkingKeys = true;
        Set<Long> keys = new HashSet<>();
        subscribers.forEach(subscriber -> keys.add(subscriber.keyId()));
        allowedKeys.apply(keys).onComplete(result -> {
            checkingKeys = false;
            keysCheckedAtNanos = System.nanoTime();
            if (result.failed()) {
                LOG.warn("could not check the live subscribers' keys, next attempt in {}: {}",
                        Duration.ofNanos(keyCheckNanos), result.cause().toString());
                return;
            }
            for (Subscriber subscriber : subscribers) {
                if (!result.result().contains(subscriber.keyId())) {
                    subscribers.remove(subscriber);
                    subscriber.drop("the API key was revoked or no longer has the read scope");
                }
            }
        });
    }
}
