package com.shopstream.loadgen.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IntrinsicDimensionTest {

    @Test
    @DisplayName("Points filling a 5-dimensional cube inside 384 dimensions are estimated about 5-dimensional")
    void cube() {
        SplittableRandom random = new SplittableRandom(3);
        double[][] points = new double[4000][384];
        for (double[] p : points) {
            for (int d = 0; d < 5; d++) {
                p[d * 70] = random.nextDouble();
            }
        }
        IntrinsicDimension dimension = new IntrinsicDimension();
        for (int q = 0; q < 200; q++) {
            double[] query = points[q];
            double[] distances = Arrays.stream(points).filter(p -> p != query).mapToDouble(p -> euclidean(p, query)).sorted().limit(10).toArray();
            dimension.add(distances);
        }
        assertThat(dimension.points()).isEqualTo(200);
        assertThat(dimension.estimate()).isBetween(4.0, 6.0);
    }

    @Test
    @DisplayName("Duplicates (zero distances) are skipped, and a point with fewer than three distances left is ignored")
    void duplicates() {
        IntrinsicDimension dimension = new IntrinsicDimension();
        dimension.add(new double[] {0, 0, 0, 0.1, 0.2});
        assertThat(dimension.points()).isZero();
        assertThat(dimension.estimate()).isNaN();
        dimension.add(new double[] {0, 0.1, 0.2, 0.4});
        assertThat(dimension.points()).isEqualTo(1);
        // (log 4 + log 2) / 2 inverted
        assertThat(dimension.estimate()).isCloseTo(2 / Math.log(8), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    @DisplayName("The distance between unit vectors follows from their cosine similarity")
    void unitDistance() {
        assertThat(IntrinsicDimension.unitDistance(1)).isZero();
        assertThat(IntrinsicDimension.unitDistance(0)).isCloseTo(Math.sqrt(2), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(IntrinsicDimension.unitDistance(1.0000001)).isZero();
    }

    private static double euclidean(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(sum);
    }
}
