package com.shopstream.contract;

import java.math.BigDecimal;
import java.util.Objects;

/** One line of an order: a product, how many, and the exact unit price. */
public record OrderLine(long productId, int quantity, BigDecimal unitPrice) {

    public OrderLine {
        Objects.requireNonNull(unitPrice, "unitPrice");
    }

    public BigDecimal lineTotal() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
