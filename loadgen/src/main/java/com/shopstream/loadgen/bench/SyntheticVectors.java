package com.shopstream.loadgen.bench;

import java.util.SplittableRandom;

/**
 * Random unit vectors of 384 dimensions around 1,000 random topic centres, for measuring the HNSW
 * index at sizes the catalog does not reach. The shape of the spread around a centre decides how
 * hard the search is:
 * <ul>
 *   <li>{@link Shape#MANIFOLD}: each topic's vectors vary along a few directions of their own (a
 *       random subspace of the given dimension, plus faint noise in all 384), the way a model's
 *       embeddings of related texts do; choose the dimension to match the intrinsic dimension
 *       measured on real embeddings;</li>
 *   <li>{@link Shape#ISOTROPIC}: Gaussian noise of σ 0.05 in every coordinate, as long as the
 *       centre itself, so that within a topic the vectors are as alike as uniform noise in 384
 *       dimensions (intrinsic dimension about 90); the topics are well apart, and a search that
 *       finds the query's topic finds its neighbours among the topic's vectors.</li>
 * </ul>
 * Each vector is drawn independently from the same distribution, so queries drawn with another
 * random stream are new points from the same distribution as the data.
 */
final class SyntheticVectors {

    static final int DIMENSIONS = 384;
    private static final int TOPICS = 1000;
    private static final double ISOTROPIC_SIGMA = 0.05;
    /** Total length of the spread along a topic's own directions, relative to the unit centre. */
    private static final double MANIFOLD_SPREAD = 0.6;
    /** Total length of the noise in all coordinates on top of it. */
    private static final double MANIFOLD_NOISE = 0.05;

    enum Shape { MANIFOLD, ISOTROPIC }

    private final Shape shape;
    private final int intrinsicDimension;
    private final float[][] centres = new float[TOPICS][];
    /** Per topic, its own random directions of unit length (nearly orthogonal in 384 dimensions); none when isotropic. */
    private final float[][][] directions;

    SyntheticVectors(Shape shape, int intrinsicDimension, long seed) {
        if (intrinsicDimension < 1 || intrinsicDimension > DIMENSIONS) {
            throw new IllegalArgumentException("intrinsic dimension must be between 1 and " + DIMENSIONS + ": " + intrinsicDimension);
        }
        this.shape = shape;
        this.intrinsicDimension = intrinsicDimension;
        SplittableRandom random = new SplittableRandom(seed);
        for (int c = 0; c < TOPICS; c++) {
            centres[c] = unit(gaussian(random, 1.0));
        }
        directions = new float[TOPICS][shape == Shape.MANIFOLD ? intrinsicDimension : 0][];
        for (float[][] topic : directions) {
            for (int d = 0; d < topic.length; d++) {
                topic[d] = unit(gaussian(random, 1.0));
            }
        }
    }

    float[][] sample(int count, SplittableRandom random) {
        float[][] vectors = new float[count][];
        for (int i = 0; i < count; i++) {
            vectors[i] = next(random);
        }
        return vectors;
    }

    float[] next(SplittableRandom random) {
        int topic = random.nextInt(TOPICS);
        float[] v = gaussian(random, shape == Shape.ISOTROPIC ? ISOTROPIC_SIGMA : MANIFOLD_NOISE / Math.sqrt(DIMENSIONS));
        double scale = MANIFOLD_SPREAD / Math.sqrt(intrinsicDimension);
        for (float[] direction : directions[topic]) {
            double z = scale * normal(random);
            for (int d = 0; d < DIMENSIONS; d++) {
                v[d] += (float) (z * direction[d]);
            }
        }
        float[] centre = centres[topic];
        for (int d = 0; d < DIMENSIONS; d++) {
            v[d] += centre[d];
        }
        return unit(v);
    }

    String describe() {
        return shape == Shape.ISOTROPIC
                ? "isotropic: Gaussian noise of σ " + ISOTROPIC_SIGMA + " per coordinate around " + TOPICS + " centres"
                : "manifold: " + TOPICS + " centres, each with " + intrinsicDimension + " directions of its own";
    }

    private static float[] gaussian(SplittableRandom random, double sigma) {
        float[] v = new float[DIMENSIONS];
        for (int d = 0; d < DIMENSIONS; d++) {
            v[d] = (float) (sigma * normal(random));
        }
        return v;
    }

    /** Box–Muller. */
    private static double normal(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static float[] unit(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        double norm = Math.sqrt(sum);
        for (int d = 0; d < v.length; d++) {
            v[d] /= (float) norm;
        }
        return v;
    }
}
