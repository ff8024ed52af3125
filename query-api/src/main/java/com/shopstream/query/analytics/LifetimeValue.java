package com.shopstream.query.analytics;

import com.shopstream.query.api.Ratios;
import com.shopstream.common.Money;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * A customer's lifetime value: what they have spent (net of cancellations) plus a prediction of
 * what they will spend, as average order value × orders per month × expected remaining lifetime in
 * months. Orders per month are the customer's own over their tenure, counted as at least a month
 * so that a new customer is not extrapolated from minutes. The lifetime comes from the observed
 * churn of the whole customer base: the share of customers without an order for 90 days, turned
 * into a monthly rate, and its inverse, capped at five years. docs/analytics.md states the
 * assumptions.
 */
record LifetimeValue(BigDecimal historical, BigDecimal predicted, BigDecimal averageOrderValue, BigDecimal ordersPerMonth,
                     BigDecimal monthlyChurn, BigDecimal expectedLifetimeMonths) {

    static final int MAX_LIFETIME_MONTHS = 60;
    private static final double DAYS_PER_MONTH = 30;
    private static final double CHURN_WINDOW_MONTHS = 3;

    static LifetimeValue estimate(long orders, BigDecimal spent, Instant firstOrderAt, Instant asOf, long customers, long churned) {
        if (orders == 0) {
            return new LifetimeValue(Money.normalized(spent), BigDecimal.ZERO.setScale(2), null, BigDecimal.ZERO, null, null);
        }
        BigDecimal averageOrderValue = spent.divide(BigDecimal.valueOf(orders), 2, RoundingMode.HALF_EVEN);
        double tenureDays = Math.max(DAYS_PER_MONTH, Duration.between(firstOrderAt, asOf).toSeconds() / 86_400.0);
        double ordersPerMonth = orders * DAYS_PER_MONTH / tenureDays;
        double churnedShare = customers == 0 ? 0 : (double) churned / customers;
        double monthlyChurn = 1 - Math.pow(1 - churnedShare, 1 / CHURN_WINDOW_MONTHS);
        double lifetimeMonths = monthlyChurn <= 0 ? MAX_LIFETIME_MONTHS : Math.min(MAX_LIFETIME_MONTHS, 1 / monthlyChurn);
        BigDecimal predicted = averageOrderValue
                .multiply(new BigDecimal(ordersPerMonth * lifetimeMonths, MathContext.DECIMAL64))
                .setScale(2, RoundingMode.HALF_EVEN);
        return new LifetimeValue(Money.normalized(spent), predicted, averageOrderValue, rounded(ordersPerMonth),
                rounded(monthlyChurn), rounded(lifetimeMonths));
    }

    BigDecimal total() {
        return historical.add(predicted);
    }

    JsonObject toJson() {
        return new JsonObject()
                .put("historical", historical)
                .put("predicted", Money.normalized(predicted))
                .put("total", Money.normalized(total()))
                .put("averageOrderValue", averageOrderValue == null ? null : Money.normalized(averageOrderValue))
                .put("ordersPerMonth", ordersPerMonth)
                .put("monthlyChurn", monthlyChurn)
                .put("expectedLifetimeMonths", expectedLifetimeMonths);
    }

    private static BigDecimal rounded(double value) {
        return BigDecimal.valueOf(value).setScale(Ratios.SCALE, RoundingMode.HALF_EVEN);
    }
}
