package com.shopstream.contract;

/**
 * Why one field of one event was rejected. {@code index} is the event's position in the request
 * (0 for a single event); {@code field} is a path such as {@code items[0].unitPrice}.
 */
public record FieldError(int index, String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
