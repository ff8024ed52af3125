package com.shopstream.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProductsCursorTest {

    @Test
    @DisplayName("A cursor reads back as the last id of its page; no cursor starts at the beginning")
    void roundTrip() {
        assertThat(ProductsHandler.decodeCursor(ProductsHandler.encodeCursor(123456789L))).isEqualTo(123456789L);
        assertThat(ProductsHandler.decodeCursor(null)).isZero();
    }

    @Test
    @DisplayName("Anything else is a bad 'cursor' parameter")
    void garbage() {
        for (String cursor : new String[] {"%%%", "bm9wZQ", "cDp4"}) {
            assertThatThrownBy(() -> ProductsHandler.decodeCursor(cursor))
                    .isInstanceOf(BadParameterException.class)
                    .extracting(e -> ((BadParameterException) e).parameter()).isEqualTo("cursor");
        }
    }
}
