package com.shopstream.contract;

/** A request holds more events than the configured limit. */
public final class TooManyEventsException extends Exception {

    private final int limit;

    public TooManyEventsException(int limit) {
        super("a request may hold at most " + limit + " events");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
