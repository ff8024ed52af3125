package com.shopstream.contract;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Why a product's stock was adjusted outside of orders and cancellations. */
public enum StockReason {
    RESTOCK("restock"),
    RETURN("return"),
    ADJUSTMENT("adjustment");

    private final String wireName;

    StockReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<StockReason> fromWireName(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName.equals(name)).findFirst();
    }

    public static String wireNames() {
        return Arrays.stream(values()).map(StockReason::wireName).collect(Collectors.joining(", "));
    }
}
