package com.shopstream.common;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Conversions between exact decimal amounts and whole cents. Redis counters hold cents as
 * integers (exact, and exact as sorted-set scores below 2^53); everything else uses decimals.
 */
public final class Money {

    private Money() {
    }

    public static long toCents(BigDecimal amount) {
        return amount.movePointRight(2).setScale(0, RoundingMode.UNNECESSARY).longValueExact();
    }

    public static BigDecimal fromCents(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    /** An amount with exactly two decimals, as the API returns it. */
    public static BigDecimal normalized(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.UNNECESSARY);
    }
}
