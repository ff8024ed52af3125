package com.shopstream.loadgen.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BackgroundWorkTest {

    private static final Instant T = Instant.parse("2026-12-07T04:00:00Z");
    private static final Instant EARLIER_CHECKPOINT = T.minusSeconds(300);

    @Test
    @DisplayName("A phase's overlap counts only its own samples, each kind of work as its share of them")
    void sharesOfThePhase() {
        List<BackgroundWork.Sample> samples = List.of(
                new BackgroundWork.Sample(T.minusSeconds(1), true, true, false, EARLIER_CHECKPOINT),
                new BackgroundWork.Sample(T, true, false, true, EARLIER_CHECKPOINT),
                new BackgroundWork.Sample(T.plusSeconds(1), true, true, false, EARLIER_CHECKPOINT),
                new BackgroundWork.Sample(T.plusSeconds(2), false, true, false, EARLIER_CHECKPOINT),
                new BackgroundWork.Sample(T.plusSeconds(3), false, false, false, EARLIER_CHECKPOINT),
                new BackgroundWork.Sample(T.plusSeconds(9), true, true, true, EARLIER_CHECKPOINT));

        BackgroundWork.Overlap overlap = BackgroundWork.overlap(samples, T, T.plusSeconds(3));

        assertThat(overlap).isEqualTo(new BackgroundWork.Overlap(4, 0.5, 0.5, 0.25, 0));
        assertThat(overlap.describe()).isEqualTo("view refresh 50%, vacuum 50%, analyze 25%");
    }

    @Test
    @DisplayName("A checkpoint counts once, in the phase it completed in, however many samples saw it")
    void checkpointsCompletedWithin() {
        Instant completed = T.plusSeconds(2);
        List<BackgroundWork.Sample> samples = List.of(
                new BackgroundWork.Sample(T, false, false, false, EARLIER_CHECKPOINT),
                new BackgroundWork.Sample(T.plusSeconds(3), false, false, false, completed),
                new BackgroundWork.Sample(T.plusSeconds(4), false, false, false, completed));

        assertThat(BackgroundWork.overlap(samples, T, T.plusSeconds(5)).describe()).isEqualTo("1 checkpoint");
        assertThat(BackgroundWork.overlap(samples, T.plusSeconds(3), T.plusSeconds(5)).checkpoints()).isZero();
    }

    @Test
    @DisplayName("A phase without samples says so rather than claiming a quiet database")
    void unsampled() {
        assertThat(BackgroundWork.overlap(List.of(), T, T.plusSeconds(5)).describe()).isEqualTo("not sampled");
        assertThat(BackgroundWork.overlap(List.of(new BackgroundWork.Sample(T, false, false, false, null)), T, T).describe())
                .isEqualTo("none");
    }
}
