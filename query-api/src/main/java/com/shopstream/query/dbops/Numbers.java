package com.shopstream.query.dbops;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How the analyzer's measurements are shown: milliseconds to three decimals, ratios to four. */
final class Numbers {

    private Numbers() {
    }

    static BigDecimal rounded(Double milliseconds) {
        return milliseconds == null || milliseconds.isNaN() ? null : BigDecimal.valueOf(milliseconds).setScale(3, RoundingMode.HALF_UP);
    }

    static BigDecimal ratio(Double ratio) {
        return ratio == null || ratio.isNaN() ? null : BigDecimal.valueOf(ratio).setScale(4, RoundingMode.HALF_UP);
    }
}
