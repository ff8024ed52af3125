package com.shopstream.query.dbops;

import java.util.Locale;

/**
 * Where a figure turns from ok to warn and from warn to bad ({@code docs/database-operations.md}
 * explains each); for a figure where less is worse, such as a cache hit rate, the bounds are
 * crossed downwards.
 */
record Threshold(double warn, double bad, boolean lessIsWorse) {

    enum Status {
        OK, WARN, BAD;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static Threshold above(double warn, double bad) {
        return new Threshold(warn, bad, false);
    }

    static Threshold below(double warn, double bad) {
        return new Threshold(warn, bad, true);
    }

    /** The status of {@code value}; a figure that cannot be measured yet (null) is ok. */
    Status of(Double value) {
        if (value == null || value.isNaN()) {
            return Status.OK;
        }
        if (lessIsWorse) {
            return value < bad ? Status.BAD : value < warn ? Status.WARN : Status.OK;
        }
        return value >= bad ? Status.BAD : value >= warn ? Status.WARN : Status.OK;
    }
}
