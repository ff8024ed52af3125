package com.shopstream.loadgen.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ZipfSamplerTest {

    @Test
    @DisplayName("Rank r is drawn about (1/(r+1))^s as often as rank 0, and never outside 0..n-1")
    void frequencies() {
        ZipfSampler sampler = new ZipfSampler(100, 1.0);
        SplittableRandom random = new SplittableRandom(1);
        int[] counts = new int[100];
        for (int i = 0; i < 1_000_000; i++) {
            counts[sampler.sample(random)]++;
        }
        assertThat((double) counts[1] / counts[0]).isBetween(0.47, 0.53);
        assertThat((double) counts[9] / counts[0]).isBetween(0.08, 0.12);
        assertThat(counts[99]).isPositive();
    }

    @Test
    @DisplayName("A single product is always drawn")
    void single() {
        assertThat(new ZipfSampler(1, 1.2).sample(new SplittableRandom(3))).isZero();
    }
}
