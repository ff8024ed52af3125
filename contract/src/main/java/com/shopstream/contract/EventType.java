package com.shopstream.contract;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The kinds of shop events the pipeline accepts, with their names on the wire. */
public enum EventType {
    ORDER_PLACED("order_placed"),
    PRODUCT_VIEWED("product_viewed"),
    CART_ADDED("cart_added"),
    CHECKOUT_STARTED("checkout_started"),
    ORDER_CANCELLED("order_cancelled"),
    INVENTORY_ADJUSTED("inventory_adjusted");

    private static final Map<String, EventType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> fromWireName(String name) {
        return Optional.ofNullable(BY_WIRE_NAME.get(name));
    }

    public static String wireNames() {
        return Arrays.stream(values()).map(EventType::wireName).collect(Collectors.joining(", "));
    }
}
