package com.shopstream.loadgen.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SyntheticVectorsTest {

    @Test
    @DisplayName("Vectors of both shapes are unit length, 384 dimensions, and the same for the same seeds")
    void unitAndReproducible() {
        for (SyntheticVectors.Shape shape : SyntheticVectors.Shape.values()) {
            float[][] first = new SyntheticVectors(shape, 8, 1).sample(50, new SplittableRandom(2));
            float[][] again = new SyntheticVectors(shape, 8, 1).sample(50, new SplittableRandom(2));
            for (int i = 0; i < first.length; i++) {
                assertThat(first[i]).hasSize(384).containsExactly(again[i]);
                assertThat(dot(first[i], first[i])).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    @Test
    @DisplayName("Manifold-shaped vectors have about the intrinsic dimension they are made with; isotropic ones far more")
    void intrinsicDimension() {
        assertThat(estimate(SyntheticVectors.Shape.MANIFOLD, 6)).isBetween(4.0, 9.0);
        assertThat(estimate(SyntheticVectors.Shape.ISOTROPIC, 6)).isGreaterThan(30.0);
    }

    @Test
    @DisplayName("An intrinsic dimension outside 1..384 is refused, naming it")
    void badDimension() {
        assertThatThrownBy(() -> new SyntheticVectors(SyntheticVectors.Shape.MANIFOLD, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("intrinsic dimension");
    }

    /** Estimated on a single topic's worth of density: 20,000 vectors over 1,000 topics is too sparse, so 20 topics' worth. */
    private static double estimate(SyntheticVectors.Shape shape, int dimension) {
        SyntheticVectors vectors = new SyntheticVectors(shape, dimension, 5);
        float[][] data = vectors.sample(60_000, new SplittableRandom(6));
        IntrinsicDimension estimate = new IntrinsicDimension();
        SplittableRandom random = new SplittableRandom(7);
        for (int q = 0; q < 40; q++) {
            float[] query = vectors.next(random);
            double[] distances = Arrays.stream(data).mapToDouble(v -> IntrinsicDimension.unitDistance(dot(query, v)))
                    .sorted().limit(10).toArray();
            estimate.add(distances);
        }
        return estimate.estimate();
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
