package com.shopstream.loadgen.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.EventType;
import com.shopstream.contract.ShopEvent;
import com.shopstream.loadgen.verify.GroundTruth;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AcknowledgedEventsTest {

    private final GroundTruth truth = new GroundTruth(id -> "books");
    private final AcknowledgedEvents acknowledged = new AcknowledgedEvents(truth);

    @Test
    @DisplayName("An event sent twice is in the truth once, whichever copy was acknowledged first")
    void eventSentTwiceCountsOnce() {
        ShopEvent twice = view();
        acknowledged.willSendTwice(twice.eventId());

        acknowledged.acknowledged(twice);
        acknowledged.acknowledged(twice);
        acknowledged.acknowledged(view());

        assertThat(truth.events()).isEqualTo(2);
    }

    @Test
    @DisplayName("Only acknowledged events are owed: what was sent but never acknowledged is not in the truth")
    void onlyAcknowledgedEventsAreRecorded() {
        ShopEvent twice = view();
        acknowledged.willSendTwice(twice.eventId());

        assertThat(truth.events()).isZero();
        acknowledged.acknowledged(twice); // the second copy, after the first was given up on
        assertThat(truth.events()).isEqualTo(1);
    }

    @Test
    @DisplayName("Once sealed, the truth no longer changes")
    void sealedTruthIsFinal() {
        acknowledged.acknowledged(view());
        acknowledged.seal();
        acknowledged.acknowledged(view());

        assertThat(truth.events()).isEqualTo(1);
    }

    private static ShopEvent view() {
        return new ShopEvent(UUID.randomUUID(), EventType.PRODUCT_VIEWED, Instant.parse("2026-12-06T07:00:00Z"), 1, "s", null, null,
                List.of(), 3L);
    }
}
