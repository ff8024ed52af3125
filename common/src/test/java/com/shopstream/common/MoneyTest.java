package com.shopstream.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    @DisplayName("Cents convert both ways without rounding")
    void cents() {
        assertThat(Money.toCents(new BigDecimal("0.30"))).isEqualTo(30);
        assertThat(Money.toCents(new BigDecimal("9999999999.99"))).isEqualTo(999_999_999_999L);
        assertThat(Money.fromCents(30)).isEqualTo(new BigDecimal("0.30"));
        assertThat(Money.normalized(new BigDecimal("7"))).isEqualTo(new BigDecimal("7.00"));
    }

    @Test
    @DisplayName("An amount finer than a cent is refused rather than rounded")
    void subCent() {
        assertThatThrownBy(() -> Money.toCents(new BigDecimal("0.001"))).isInstanceOf(ArithmeticException.class);
    }
}
