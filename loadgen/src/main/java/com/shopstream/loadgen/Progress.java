package com.shopstream.loadgen;

import java.io.PrintWriter;
import java.time.Duration;

/** The live progress line of a load run, redrawn at most once a second. */
final class Progress {

    private static final long REDRAW_NANOS = 1_000_000_000L;

    private final PrintWriter err;
    private final Duration duration;
    private final int targetRate;
    private long lastDrawn = -REDRAW_NANOS;
    private long lastSent;
    private long lastElapsed;

    Progress(PrintWriter err, Duration duration, int targetRate) {
        this.err = err;
        this.duration = duration;
        this.targetRate = targetRate;
    }

    void update(long elapsedNanos, long sent, EventSink sink) {
        if (elapsedNanos - lastDrawn < REDRAW_NANOS) {
            return;
        }
        double window = Math.max(1e-9, (elapsedNanos - lastElapsed) / 1e9);
        double rate = (sent - lastSent) / window;
        lastDrawn = elapsedNanos;
        lastSent = sent;
        lastElapsed = elapsedNanos;
        draw(elapsedNanos, sent, rate, sink);
    }

    void finish(long elapsedNanos, long sent, EventSink sink) {
        draw(elapsedNanos, sent, sent / Math.max(1e-9, elapsedNanos / 1e9), sink);
        err.println();
        err.flush();
    }

    private void draw(long elapsedNanos, long sent, double rate, EventSink sink) {
        double total = duration.toMillis() / 1000.0;
        double elapsed = Math.min(total, elapsedNanos / 1e9);
        int width = 24;
        int filled = (int) Math.round(width * elapsed / total);
        err.printf("\r[%s%s] %5.1fs/%.0fs  sent %,d  rate %,.0f/s (target %,d)  acked %,d  errors %,d   ",
                "#".repeat(filled), ".".repeat(width - filled), elapsed, total, sent, rate, targetRate,
                sink.acknowledged(), sink.failed());
        err.flush();
    }
}
