package com.shopstream.common;

/**
 * Embeddings in pgvector's text form, {@code [0.1,-0.2,...]}: the PostgreSQL client has no codec
 * for the vector type, so vectors are bound as text ({@code $1::vector}) and read back as text.
 */
public final class Vectors {

    private Vectors() {
    }

    public static String format(float[] vector) {
        StringBuilder text = new StringBuilder(vector.length * 12).append('[');
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(vector[i]);
        }
        return text.append(']').toString();
    }

    public static float[] parse(String text) {
        if (text.length() < 2 || text.charAt(0) != '[' || text.charAt(text.length() - 1) != ']') {
            throw new IllegalArgumentException("not a vector: " + (text.length() > 40 ? text.substring(0, 40) + "..." : text));
        }
        if (text.length() == 2) {
            return new float[0];
        }
        String[] parts = text.substring(1, text.length() - 1).split(",");
        float[] vector = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            vector[i] = Float.parseFloat(parts[i]);
        }
        return vector;
    }
}
