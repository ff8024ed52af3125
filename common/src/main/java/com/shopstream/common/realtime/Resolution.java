package com.shopstream.common.realtime;

/** The bucket sizes of the realtime windows in Redis. */
public enum Resolution {
    SECOND("s", 1),
    MINUTE("m", 60);

    private final String code;
    private final long seconds;

    Resolution(String code, long seconds) {
        this.code = code;
        this.seconds = seconds;
    }

    String code() {
        return code;
    }

    public long seconds() {
        return seconds;
    }

    /** The start (epoch second) of the bucket holding the given epoch second. */
    public long bucketOf(long epochSecond) {
        return Math.floorDiv(epochSecond, seconds) * seconds;
    }
}
