package com.shopstream.streams.store;

import java.math.BigDecimal;
import java.util.Objects;

/** The measures of one rollup row: exact revenue, orders and units sold. */
public record Rollup(BigDecimal revenue, long orders, long units) {

    public static final Rollup EMPTY = new Rollup(BigDecimal.ZERO.setScale(2), 0, 0);

    public Rollup {
        Objects.requireNonNull(revenue, "revenue");
    }

    /** One order line's share: its revenue and units, but no order yet (see {@link #asOneOrder()}). */
    public static Rollup line(BigDecimal lineTotal, int quantity) {
        return new Rollup(lineTotal, 0, quantity);
    }

    public Rollup plus(Rollup other) {
        return new Rollup(revenue.add(other.revenue), orders + other.orders, units + other.units);
    }

    /** The same measures counted as a single order, however many lines were summed into them. */
    public Rollup asOneOrder() {
        return new Rollup(revenue, 1, units);
    }
}
