package com.shopstream.common;

import com.pgvector.PGvector;
import java.sql.SQLException;

/**
 * Embeddings across the PostgreSQL clients, through pgvector-java's {@link PGvector}. The Vert.x
 * client has no codec for the vector type, so vectors are bound in pgvector's text form
 * ({@code $1::vector}) and read back as text ({@code embedding::text}).
 */
public final class Vectors {

    private Vectors() {
    }

    public static String format(float[] vector) {
        return new PGvector(vector).getValue();
    }

    /** A vector from pgvector's text form; PGvector itself would take any text, brackets or not. */
    public static float[] parse(String text) {
        if (text.length() < 3 || text.charAt(0) != '[' || text.charAt(text.length() - 1) != ']') {
            throw notAVector(text, null);
        }
        try {
            return new PGvector(text).toArray();
        } catch (SQLException | RuntimeException e) {
            throw notAVector(text, e);
        }
    }

    private static IllegalArgumentException notAVector(String text, Exception cause) {
        return new IllegalArgumentException("not a vector: " + (text.length() > 40 ? text.substring(0, 40) + "..." : text), cause);
    }
}
