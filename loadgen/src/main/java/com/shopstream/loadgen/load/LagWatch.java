package com.shopstream.loadgen.load;

import com.shopstream.loadgen.cli.ApiClient;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The highest consumer lag seen while it runs, read from the pipeline status a few times a second:
 * what a phase of the benchmark cost the pipeline's freshness, such as loading the API flat out.
 */
public final class LagWatch implements AutoCloseable {

    public static final Duration INTERVAL = Duration.ofMillis(250);

    private final AtomicLong maxLag = new AtomicLong();
    private final AtomicLong failedReads = new AtomicLong();
    private final Thread poller;
    private volatile boolean running = true;

    public LagWatch(ApiClient api) {
        poller = new Thread(() -> {
            while (running) {
                try {
                    Long lag = api.get("/v1/pipeline/status").getLong("consumerLag");
                    if (lag != null) {
                        maxLag.accumulateAndGet(lag, Math::max);
                    }
                } catch (IOException | RuntimeException e) {
                    failedReads.incrementAndGet();
                } catch (InterruptedException e) {
                    return;
                }
                // Also after a failed read: an API that refuses at once must not be asked in a tight loop.
                try {
                    Thread.sleep(INTERVAL.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "lag-watch");
        poller.setDaemon(true);
        poller.start();
    }

    public long maxLag() {
        return maxLag.get();
    }

    /** Status reads that failed (a timeout under load, say) and so were not counted. */
    public long failedReads() {
        return failedReads.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        poller.interrupt();
        poller.join();
    }
}
