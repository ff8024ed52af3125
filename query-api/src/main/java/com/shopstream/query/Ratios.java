package com.shopstream.query;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Shares and rates as exact decimals, rounded half-even. */
final class Ratios {

    static final int SCALE = 4;

    private Ratios() {
    }

    /** {@code part / whole} to four decimals, or null when there is no whole. */
    static BigDecimal of(long part, long whole) {
        return of(BigDecimal.valueOf(part), BigDecimal.valueOf(whole));
    }

    static BigDecimal of(BigDecimal part, BigDecimal whole) {
        return whole.signum() == 0 ? null : part.divide(whole, SCALE, RoundingMode.HALF_EVEN);
    }
}
