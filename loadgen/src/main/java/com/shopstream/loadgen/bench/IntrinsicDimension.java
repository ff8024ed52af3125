package com.shopstream.loadgen.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Local intrinsic dimensionality of a vector set, estimated from the distances of points to their
 * nearest neighbours: the Levina–Bickel maximum-likelihood estimate per point, averaged as MacKay and
 * Ghahramani propose (the inverse of the mean inverse). It is what makes nearest-neighbour search hard
 * or easy far more than the number of coordinates, so the benchmark prints it for the catalog's
 * embeddings and for the synthetic set it compares them with.
 */
final class IntrinsicDimension {

    private final List<Double> inverseEstimates = new ArrayList<>();

    /**
     * Adds one point, given the distances to its nearest neighbours in ascending order. Zero
     * distances (duplicates) carry no information about dimension and are skipped; a point left
     * with fewer than three distances is ignored.
     */
    void add(double[] ascendingDistances) {
        List<Double> positive = new ArrayList<>();
        for (double d : ascendingDistances) {
            if (d > 0) {
                positive.add(d);
            }
        }
        if (positive.size() < 3) {
            return;
        }
        double farthest = positive.get(positive.size() - 1);
        double sum = 0;
        for (int j = 0; j < positive.size() - 1; j++) {
            sum += Math.log(farthest / positive.get(j));
        }
        inverseEstimates.add(sum / (positive.size() - 1));
    }

    /** The estimate over all points added, or NaN when none was usable. */
    double estimate() {
        return inverseEstimates.size() / inverseEstimates.stream().mapToDouble(Double::doubleValue).sum();
    }

    int points() {
        return inverseEstimates.size();
    }

    /** Euclidean distance between two unit vectors whose cosine similarity is given. */
    static double unitDistance(double cosineSimilarity) {
        return Math.sqrt(Math.max(0, 2 - 2 * cosineSimilarity));
    }
}
