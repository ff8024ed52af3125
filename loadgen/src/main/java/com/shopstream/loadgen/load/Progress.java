package com.shopstream.loadgen.load;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * The live progress of a load run: on a terminal one line redrawn every second, elsewhere (a CI
 * log, a pipe) a new line every five seconds.
 */
final class Progress {

    private final PrintWriter err;
    private final Duration duration;
    private final int targetRate;
    private final boolean terminal;
    private final long redrawNanos;
    private long lastDrawn;
    private long lastSent;
    private long lastElapsed;

    Progress(PrintWriter err, Duration duration, int targetRate, boolean terminal) {
        this.err = err;
        this.duration = duration;
        this.targetRate = targetRate;
        this.terminal = terminal;
        this.redrawNanos = terminal ? 1_000_000_000L : 5_000_000_000L;
        this.lastDrawn = -redrawNanos;
    }

    void update(long elapsedNanos, long sent, Deliveries deliveries) {
        if (elapsedNanos - lastDrawn < redrawNanos) {
            return;
        }
        double window = Math.max(1e-9, (elapsedNanos - lastElapsed) / 1e9);
        double rate = (sent - lastSent) / window;
        lastDrawn = elapsedNanos;
        lastSent = sent;
        lastElapsed = elapsedNanos;
        draw(elapsedNanos, sent, rate, deliveries);
    }

    void finish(long elapsedNanos, long sent, Deliveries deliveries) {
        draw(elapsedNanos, sent, sent / Math.max(1e-9, elapsedNanos / 1e9), deliveries);
        if (terminal) {
            err.println();
        }
        err.flush();
    }

    private void draw(long elapsedNanos, long sent, double rate, Deliveries deliveries) {
        double total = duration.toMillis() / 1000.0;
        double elapsed = Math.min(total, elapsedNanos / 1e9);
        int width = 24;
        int filled = (int) Math.round(width * elapsed / total);
        err.printf("%s[%s%s] %5.1fs/%.0fs  sent %,d  rate %,.0f/s (target %,d)  acked %,d  errors %,d   %s",
                terminal ? "\r" : "", "#".repeat(filled), ".".repeat(width - filled), elapsed, total, sent, rate, targetRate,
                deliveries.acknowledged(), deliveries.failed(), terminal ? "" : "\n");
        err.flush();
    }
}
