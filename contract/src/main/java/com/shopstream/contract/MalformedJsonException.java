package com.shopstream.contract;

/** The bytes are not a JSON document of the expected shape; nothing of them can be used. */
public final class MalformedJsonException extends Exception {

    public MalformedJsonException(String message) {
        super(message);
    }

    public MalformedJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
