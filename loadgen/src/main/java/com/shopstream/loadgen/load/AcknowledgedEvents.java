package com.shopstream.loadgen.load;

import com.shopstream.contract.ShopEvent;
import com.shopstream.loadgen.verify.GroundTruth;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Puts an event in the run's ground truth once a sink has it acknowledged, and only then: an event
 * given up on may or may not have reached the pipeline, so only acknowledged events are owed.
 * An event sent twice is counted on its first acknowledgement, through either path. Sinks report a
 * customer's events in the order sent, so an order is recorded before its cancellation. Once the
 * run is settled the truth is sealed: it is read from then on, and an acknowledgement that comes
 * later still is left out, as the run already counts its send as not acknowledged.
 */
final class AcknowledgedEvents {

    private final GroundTruth truth;
    private final Set<UUID> sentTwice = new HashSet<>();
    private final Set<UUID> sentTwiceRecorded = new HashSet<>();
    private boolean sealed;

    AcknowledgedEvents(GroundTruth truth) {
        this.truth = truth;
    }

    /** Announces an event that will be sent twice; must come before either copy can be acknowledged. */
    synchronized void willSendTwice(UUID eventId) {
        sentTwice.add(eventId);
    }

    synchronized void acknowledged(ShopEvent event) {
        if (sentTwice.contains(event.eventId()) && !sentTwiceRecorded.add(event.eventId())) {
            return;
        }
        if (!sealed) {
            truth.record(event);
        }
    }

    /** Stops recording: the truth is final. */
    synchronized void seal() {
        sealed = true;
    }
}
