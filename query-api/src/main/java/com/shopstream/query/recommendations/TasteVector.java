package com.shopstream.query.recommendations;

import java.util.List;

/**
 * A customer's taste as a point in the products' embedding space: the sum of the embeddings of the
 * products they engaged with, each weighted by their affinity to it (action weights and recency,
 * kept by the aggregator), scaled to unit length so cosine search can use it like a product's.
 */
final class TasteVector {

    /** One product's part: the customer's affinity to it and its embedding. */
    record Part(double weight, float[] embedding) {
    }

    private TasteVector() {
    }

    /** The unit-length weighted sum; weights are taken relative to the largest, so their scale never overflows a float. */
    static float[] of(List<Part> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a taste vector needs at least one product");
        }
        double largest = parts.stream().mapToDouble(Part::weight).max().orElseThrow();
        int dimensions = parts.get(0).embedding().length;
        double[] sum = new double[dimensions];
        for (Part part : parts) {
            if (part.embedding().length != dimensions) {
                throw new IllegalArgumentException("embeddings of different dimensions: " + dimensions + " and " + part.embedding().length);
            }
            double weight = part.weight() / largest;
            for (int i = 0; i < dimensions; i++) {
                sum[i] += weight * part.embedding()[i];
            }
        }
        double norm = 0;
        for (double value : sum) {
            norm += value * value;
        }
        norm = Math.sqrt(norm);
        float[] unit = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            unit[i] = (float) (norm == 0 ? 0 : sum[i] / norm);
        }
        return unit;
    }
}
