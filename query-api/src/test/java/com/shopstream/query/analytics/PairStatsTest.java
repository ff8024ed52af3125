package com.shopstream.query.analytics;

import com.shopstream.query.api.Ratios;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PairStatsTest {

    @Test
    @DisplayName("Support, confidence and lift of A → B from orders together, with A, with B and in all")
    void measures() {
        PairStats stats = new PairStats(20, 50, 40, 1000);

        assertThat(stats.support()).isEqualByComparingTo("0.02");
        assertThat(stats.confidence()).isEqualByComparingTo("0.4");
        assertThat(stats.lift()).isEqualByComparingTo("10");
    }

    @Test
    @DisplayName("Ratios round half-even to four decimals")
    void rounding() {
        assertThat(new PairStats(2, 3, 3, 7).confidence()).isEqualByComparingTo("0.6667");
        assertThat(Ratios.of(1, 0)).isNull();
    }
}
