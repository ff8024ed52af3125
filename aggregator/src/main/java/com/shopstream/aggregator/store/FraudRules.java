package com.shopstream.aggregator.store;

import com.shopstream.common.Settings;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * The thresholds of the fraud signals: more than {@code maxOrders} orders from one customer within
 * {@code window}; an order worth more than {@code valueFactor} times the customer's typical order value
 * (the average of their last {@value #TYPICAL_VALUE_ORDERS} earlier kept orders, at least
 * {@code minHistory} of them); orders from {@code maxRegions} or more regions within an hour.
 */
public record FraudRules(int maxOrders, Duration window, BigDecimal valueFactor, int minHistory, int maxRegions) {

    /**
     * How many of a customer's latest orders make their typical value: recent enough to follow a
     * customer whose spending changes, and a bounded read however long the history grows.
     */
    static final int TYPICAL_VALUE_ORDERS = 20;

    public FraudRules {
        if (maxOrders < 1 || window.toMinutes() < 1 || valueFactor.signum() <= 0 || minHistory < 1 || maxRegions < 2) {
            throw new IllegalArgumentException("fraud rules need SHOP_FRAUD_MAX_ORDERS >= 1, SHOP_FRAUD_WINDOW >= 1m, "
                    + "SHOP_FRAUD_VALUE_FACTOR > 0, SHOP_FRAUD_MIN_HISTORY >= 1 and SHOP_FRAUD_MAX_REGIONS >= 2");
        }
    }

    public static FraudRules from(Settings settings) {
        return new FraudRules(
                settings.integer("SHOP_FRAUD_MAX_ORDERS", 5),
                settings.duration("SHOP_FRAUD_WINDOW", Duration.ofMinutes(10)),
                new BigDecimal(settings.string("SHOP_FRAUD_VALUE_FACTOR", "5")),
                settings.integer("SHOP_FRAUD_MIN_HISTORY", 3),
                settings.integer("SHOP_FRAUD_MAX_REGIONS", 3));
    }
}
