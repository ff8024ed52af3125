package com.shopstream.query.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LifetimeValueTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    @DisplayName("Average order value × orders per month × expected months, from the base's churn")
    void predicted() {
        // 4 orders over 60 days: 2 a month; 27.1% churned over 90 days: 10% a month, so 10 months ahead.
        LifetimeValue value = LifetimeValue.estimate(4, new BigDecimal("100.00"), NOW.minus(Duration.ofDays(60)), NOW, 1000, 271);

        assertThat(value.averageOrderValue()).isEqualByComparingTo("25.00");
        assertThat(value.ordersPerMonth()).isEqualByComparingTo("2.0000");
        assertThat(value.monthlyChurn()).isEqualByComparingTo("0.1000");
        assertThat(value.expectedLifetimeMonths()).isEqualByComparingTo("10.0000");
        assertThat(value.predicted()).isEqualByComparingTo("500.00");
        assertThat(value.total()).isEqualByComparingTo("600.00");
    }

    @Test
    @DisplayName("A new customer counts a month of tenure; no observed churn caps the lifetime at five years")
    void newCustomerWithoutChurn() {
        LifetimeValue value = LifetimeValue.estimate(1, new BigDecimal("10.00"), NOW.minusSeconds(60), NOW, 50, 0);

        assertThat(value.ordersPerMonth()).isEqualByComparingTo("1");
        assertThat(value.expectedLifetimeMonths()).isEqualByComparingTo("60");
        assertThat(value.predicted()).isEqualByComparingTo("600.00");
    }

    @Test
    @DisplayName("Only cancelled orders: nothing spent, nothing predicted")
    void noOrders() {
        LifetimeValue value = LifetimeValue.estimate(0, BigDecimal.ZERO.setScale(2), NOW, NOW, 10, 1);

        assertThat(value.total()).isEqualByComparingTo("0");
        assertThat(value.averageOrderValue()).isNull();
    }
}
