package com.shopstream.query.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CursorTest {

    @Test
    @DisplayName("A cursor reads back as the sort key of its page's last row; no cursor means the first page")
    void roundTrip() {
        Cursor cursor = Cursor.parse(Cursor.encode("r", 42, new BigDecimal("1.25"), Instant.parse("2026-11-23T00:00:00Z")), "r", 3);

        assertThat(cursor.longAt(0)).isEqualTo(42);
        assertThat(cursor.decimalAt(1)).isEqualByComparingTo("1.25");
        assertThat(cursor.instantAt(2)).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(Cursor.parse(null, "r", 3)).isNull();
    }

    @Test
    @DisplayName("Garbage, a cursor of another list, or one of the wrong shape is a bad 'cursor' parameter")
    void garbage() {
        String otherList = Cursor.encode("p", 1);
        String wrongShape = Cursor.encode("r", 1, 2);
        String notANumber = Cursor.encode("r", "x");
        for (String value : new String[] {"%%%", "bm9wZQ", otherList, wrongShape}) {
            assertThatThrownBy(() -> Cursor.parse(value, "r", 1))
                    .isInstanceOf(BadParameterException.class)
                    .extracting(e -> ((BadParameterException) e).parameter()).isEqualTo("cursor");
        }
        assertThatThrownBy(() -> Cursor.parse(notANumber, "r", 1).longAt(0)).isInstanceOf(BadParameterException.class);
    }
}
