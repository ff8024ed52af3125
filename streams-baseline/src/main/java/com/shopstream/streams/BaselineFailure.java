package com.shopstream.streams;

/** A run that could not finish: its message says why, for the benchmark's report. */
final class BaselineFailure extends Exception {

    BaselineFailure(String message) {
        super(message);
    }

    BaselineFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
