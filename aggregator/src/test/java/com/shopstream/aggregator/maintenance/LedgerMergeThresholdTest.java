package com.shopstream.aggregator.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LedgerMergeThresholdTest {

    private final LedgerMerge.Threshold threshold = new LedgerMerge.Threshold(1_000_000, 16);

    @Test
    @DisplayName("A small large ledger: due from the minimum on")
    void minimumRules() {
        assertThat(threshold.isDue(999_999, 2_000_000)).isFalse();
        assertThat(threshold.isDue(1_000_000, 2_000_000)).isTrue();
    }

    @Test
    @DisplayName("A large ledger: due from a sixteenth of it on, past the minimum")
    void ratioRules() {
        assertThat(threshold.isDue(1_500_000, 32_000_000)).isFalse();
        assertThat(threshold.isDue(2_000_000, 32_000_000)).isTrue();
    }

    @Test
    @DisplayName("Paced to a quarter of a connection until the recent ledger holds twice what makes a merge due, then not at all")
    void pacingFollowsTheBacklog() {
        assertThat(threshold.pausePerWork(1_999_999, 2_000_000)).isEqualTo(3);
        assertThat(threshold.pausePerWork(2_000_000, 2_000_000)).isZero();
        assertThat(threshold.pausePerWork(3_999_999, 32_000_000)).isEqualTo(3);
        assertThat(threshold.pausePerWork(4_000_000, 32_000_000)).isZero();
    }

    @Test
    @DisplayName("Sizes of zero or less are refused, naming the variables")
    void refusesNonPositive() {
        assertThatThrownBy(() -> new LedgerMerge.Threshold(0, 16)).hasMessageContaining("SHOP_LEDGER_MERGE_MIN_ROWS");
        assertThatThrownBy(() -> new LedgerMerge.Threshold(1, 0)).hasMessageContaining("SHOP_LEDGER_MERGE_RATIO");
    }
}
