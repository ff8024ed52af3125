package com.shopstream.loadgen.chaos;

import com.shopstream.loadgen.cli.ApiClient;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads the consumer lag from {@code /v1/pipeline/status} every quarter second while a round runs.
 * A read that fails (query-api or PostgreSQL away) leaves a gap rather than a guess.
 */
final class LagSampler implements AutoCloseable {

    private static final long INTERVAL_MILLIS = 250;
    private static final long UNAVAILABLE_PAUSE_MILLIS = 1000;

    record Sample(long atNanos, long lag) {
    }

    private final ApiClient api;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;

    LagSampler(ApiClient api) {
        this.api = api;
        this.thread = new Thread(this::sample, "lag-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                JsonObject status = api.getAsync("/v1/pipeline/status").get(StackControl.PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                Long lag = status.getLong("consumerLag");
                if (lag != null) {
                    synchronized (samples) {
                        samples.add(new Sample(System.nanoTime(), lag));
                    }
                }
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (Exception unavailable) {
                try {
                    Thread.sleep(UNAVAILABLE_PAUSE_MILLIS); // no sample for this moment, and no storm of retries
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** The highest lag sampled in the {@code windowNanos} before {@code atNanos}, or 0 without samples. */
    long highestBefore(long atNanos, long windowNanos) {
        synchronized (samples) {
            return samples.stream().filter(s -> s.atNanos() <= atNanos && s.atNanos() >= atNanos - windowNanos)
                    .mapToLong(Sample::lag).max().orElse(0);
        }
    }

    /** When the lag was first sampled at or below {@code bound} after {@code fromNanos}, or -1 if not yet. */
    long firstAtOrBelow(long bound, long fromNanos) {
        synchronized (samples) {
            return samples.stream().filter(s -> s.atNanos() >= fromNanos && s.lag() <= bound)
                    .mapToLong(Sample::atNanos).findFirst().orElse(-1);
        }
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join();
    }
}
