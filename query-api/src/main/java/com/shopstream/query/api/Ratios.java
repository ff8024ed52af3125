package com.shopstream.query.api;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Shares and rates as exact decimals, rounded half-even. */
public final class Ratios {

    public static final int SCALE = 4;

    private Ratios() {
    }

    /** {@code part / whole} to four decimals, or null when there is no whole. */
    public static BigDecimal of(long part, long whole) {
        return of(BigDecimal.valueOf(part), BigDecimal.valueOf(whole));
    }

    public static BigDecimal of(BigDecimal part, BigDecimal whole) {
        return whole.signum() == 0 ? null : part.divide(whole, SCALE, RoundingMode.HALF_EVEN);
    }
}
