package com.shopstream.loadgen.load;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Draws ranks 0..n-1 with Zipf-distributed probability (rank r has weight 1/(r+1)^s). */
final class ZipfSampler {

    private final double[] cumulative;

    ZipfSampler(int n, double exponent) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be positive");
        }
        cumulative = new double[n];
        double total = 0;
        for (int r = 0; r < n; r++) {
            total += 1.0 / Math.pow(r + 1, exponent);
            cumulative[r] = total;
        }
        for (int r = 0; r < n; r++) {
            cumulative[r] /= total;
        }
    }

    int sample(SplittableRandom random) {
        int index = Arrays.binarySearch(cumulative, random.nextDouble());
        return Math.min(index >= 0 ? index : -index - 1, cumulative.length - 1);
    }
}
