package com.shopstream.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class VectorsTest {

    @Test
    @DisplayName("pgvector's text form round-trips floats exactly")
    void roundTrip() {
        float[] vector = {0.1f, -2.5e-8f, 1f, Float.MIN_VALUE};

        assertThat(Vectors.format(vector)).startsWith("[0.1,").endsWith("]");
        assertThat(Vectors.parse(Vectors.format(vector))).containsExactly(vector);
    }

    @Test
    @DisplayName("Text that is not a vector is refused")
    void refusesOtherText() {
        assertThatThrownBy(() -> Vectors.parse("0.1,0.2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Vectors.parse("[0.1,x]")).isInstanceOf(IllegalArgumentException.class);
    }
}
