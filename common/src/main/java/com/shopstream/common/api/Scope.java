package com.shopstream.common.api;

import java.util.Locale;

/**
 * What an API key may do: {@code read} the analytics API, {@code write} events and the catalog,
 * {@code admin} manage keys. Scopes do not imply one another; a key holds the ones it was given.
 */
public enum Scope {
    READ, WRITE, ADMIN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scope of a label, or null when there is none by that name. */
    public static Scope of(String label) {
        for (Scope scope : values()) {
            if (scope.label().equals(label)) {
                return scope;
            }
        }
        return null;
    }
}
