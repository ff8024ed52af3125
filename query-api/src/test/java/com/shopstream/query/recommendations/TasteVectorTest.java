package com.shopstream.query.recommendations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TasteVectorTest {

    @Test
    @DisplayName("The weighted sum of the embeddings, scaled to unit length")
    void weightedUnitSum() {
        float[] taste = TasteVector.of(List.of(
                new TasteVector.Part(3, new float[] {1, 0, 0}),
                new TasteVector.Part(1, new float[] {0, 1, 0})));

        assertThat(taste[0]).isCloseTo((float) (3 / Math.sqrt(10)), within(1e-6f));
        assertThat(taste[1]).isCloseTo((float) (1 / Math.sqrt(10)), within(1e-6f));
        assertThat(taste[2]).isZero();
    }

    @Test
    @DisplayName("Weights far beyond a float's range (recency growth over decades) still give the same direction")
    void hugeWeights() {
        float[] taste = TasteVector.of(List.of(
                new TasteVector.Part(3e300, new float[] {1, 0}),
                new TasteVector.Part(1e300, new float[] {0, 1})));

        assertThat(taste[0]).isCloseTo((float) (3 / Math.sqrt(10)), within(1e-6f));
    }

    @Test
    @DisplayName("No parts, or parts of different dimensions, are refused")
    void refusesBadParts() {
        assertThatThrownBy(() -> TasteVector.of(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TasteVector.of(List.of(new TasteVector.Part(1, new float[2]), new TasteVector.Part(1, new float[3]))))
                .hasMessageContaining("different dimensions");
    }
}
