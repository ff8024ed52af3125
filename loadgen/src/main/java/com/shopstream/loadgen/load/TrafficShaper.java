package com.shopstream.loadgen.load;

import com.shopstream.contract.ShopEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns the simulator's events into what a real shop's producers send: some events arrive a few
 * seconds out of order, some minutes late, and some are sent twice (the same eventId, half of the
 * time through the other path, as a client retry would). Decided by the seed, like the story.
 */
public final class TrafficShaper {

    /** The share of events that are out of order, late, or sent twice. */
    public record Shares(double outOfOrder, double late, double duplicates) {
        public Shares {
            for (double share : new double[] {outOfOrder, late, duplicates}) {
                if (share < 0 || share > 1) {
                    throw new IllegalArgumentException("--*-share options must be between 0 and 1");
                }
            }
        }
    }

    /**
     * An event to send, through the run's main path or the other one; {@code twice} on both copies of
     * an event sent twice, {@code duplicate} on the second.
     */
    record Send(ShopEvent event, boolean otherPath, boolean twice, boolean duplicate) {
    }

    static final Duration MAX_OUT_OF_ORDER = Duration.ofSeconds(30);
    static final Duration MIN_LATE = Duration.ofMinutes(2);
    static final Duration MAX_LATE = Duration.ofMinutes(50);
    /** Late events start once the run is underway, so every partition has a current watermark to be late against. */
    static final Duration LATE_AFTER = Duration.ofSeconds(2);

    private final SplittableRandom random;
    private final Shares shares;
    private final Instant runStart;
    private final List<Send> pendingDuplicates = new ArrayList<>();
    private long outOfOrder;
    private long late;
    private long duplicates;

    public TrafficShaper(long seed, Shares shares, Instant runStart) {
        this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        this.shares = shares;
        this.runStart = runStart;
    }

    /** The sends for a new event: last round's duplicates first, then the event, maybe moved back in time. */
    List<Send> shape(ShopEvent event) {
        List<Send> sends = new ArrayList<>(pendingDuplicates.size() + 1);
        sends.addAll(pendingDuplicates);
        pendingDuplicates.clear();
        ShopEvent shaped = event;
        double roll = random.nextDouble();
        if (roll < shares.late()) {
            if (event.occurredAt().isAfter(runStart.plus(LATE_AFTER))) {
                shaped = event.at(event.occurredAt().minus(between(MIN_LATE, MAX_LATE)));
                late++;
            }
        } else if (roll < shares.late() + shares.outOfOrder()) {
            shaped = event.at(event.occurredAt().minus(between(Duration.ofSeconds(1), MAX_OUT_OF_ORDER)));
            outOfOrder++;
        }
        boolean twice = random.nextDouble() < shares.duplicates();
        sends.add(new Send(shaped, false, twice, false));
        if (twice) {
            pendingDuplicates.add(new Send(shaped, random.nextBoolean(), true, true));
            duplicates++;
        }
        return sends;
    }

    /** Duplicates still waiting for the next round, to send before the run ends. */
    List<Send> drain() {
        List<Send> rest = new ArrayList<>(pendingDuplicates);
        pendingDuplicates.clear();
        return rest;
    }

    long outOfOrder() {
        return outOfOrder;
    }

    long late() {
        return late;
    }

    long duplicates() {
        return duplicates;
    }

    private Duration between(Duration min, Duration max) {
        return Duration.ofMillis(min.toMillis() + random.nextLong(max.toMillis() - min.toMillis()));
    }
}
