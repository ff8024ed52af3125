package com.shopstream.contract;

import java.math.BigDecimal;

/**
 * Amounts of money as the system stores them, {@code numeric(12,2)}: a price or an order's total
 * from 0 to {@link #MAX_AMOUNT}, with at most two decimals. Checks run cheapest first and bound the
 * size of a number before any arithmetic whose cost grows with it.
 */
public final class Money {

    /** numeric(12,2) holds up to 9,999,999,999.99 for a price and for an order's total. */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("9999999999.99");
    /** Longer than any amount written plainly with two decimals and some padding; checked before parsing. */
    public static final int MAX_TEXT_LENGTH = 32;
    private static final int MAX_INTEGER_DIGITS = 10;

    private Money() {
    }

    /**
     * Parses an amount given as a JSON string. Throws {@link NumberFormatException} for text that is
     * too long or not a decimal number; the length is checked first, since parsing and normalising
     * a number cost time with the square of its length.
     */
    public static BigDecimal parse(String text) {
        String trimmed = text.strip();
        if (trimmed.length() > MAX_TEXT_LENGTH) {
            throw new NumberFormatException("longer than " + MAX_TEXT_LENGTH + " characters");
        }
        return new BigDecimal(trimmed);
    }

    /** Why the amount cannot be stored, or null when it can. */
    public static String problem(BigDecimal amount) {
        if (amount.signum() < 0) {
            return "must be at least 0";
        }
        // Digits before the point, known without arithmetic: rules out huge values before compareTo and stripTrailingZeros.
        if (amount.precision() - amount.scale() > MAX_INTEGER_DIGITS || amount.compareTo(MAX_AMOUNT) > 0) {
            return "must be at most " + MAX_AMOUNT.toPlainString();
        }
        if (amount.scale() > 2 && amount.stripTrailingZeros().scale() > 2) {
            return "must have at most 2 decimals";
        }
        return null;
    }
}
