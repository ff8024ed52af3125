package com.shopstream.query.recommendations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RankFusionTest {

    @Test
    @DisplayName("A result both rankings agree on beats one ranked first by only one of them")
    void agreementWins() {
        List<RankFusion.Fused> fused = RankFusion.fuse(List.of(1L, 2L, 3L), List.of(4L, 2L, 1L), 10);

        assertThat(fused).extracting(RankFusion.Fused::id).containsExactly(1L, 2L, 4L, 3L);
        assertThat(fused.get(0).score()).isCloseTo(1.0 / 61 + 1.0 / 63, within(1e-12));
        assertThat(fused.get(0).textRank()).isEqualTo(1);
        assertThat(fused.get(0).vectorRank()).isEqualTo(3);
        assertThat(fused.get(2).textRank()).isNull();
    }

    @Test
    @DisplayName("Equal scores go to the better single rank, then the smaller id; the limit cuts the list")
    void tiesAndLimit() {
        List<RankFusion.Fused> fused = RankFusion.fuse(List.of(7L, 9L), List.of(8L, 6L), 3);

        assertThat(fused).extracting(RankFusion.Fused::id).containsExactly(7L, 8L, 6L);
        assertThat(RankFusion.fuse(List.of(), List.of(), 5)).isEmpty();
    }
}
