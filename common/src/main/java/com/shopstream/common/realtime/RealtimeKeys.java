package com.shopstream.common.realtime;

import java.time.Duration;

/**
 * The Redis layout of the realtime windows, shared by the aggregator (writer) and query-api (reader).
 *
 * <p>Sales and distinct customers are kept in event-time buckets of one second and one minute.
 * A window of N minutes ending now is read as whole minute buckets plus the second buckets of its
 * partial first minute, so windows are exact to the second. Revenue is kept in integer cents.
 * Every key expires {@link #KEEP} after its bucket ends.
 */
public final class RealtimeKeys {

    /** The longest window served. */
    public static final Duration LONGEST_WINDOW = Duration.ofHours(1);

    /** How long a bucket's keys live after the bucket ends: the longest window plus slack. */
    public static final Duration KEEP = LONGEST_WINDOW.plusMinutes(2);

    public static final String REVENUE = "rev";
    public static final String ORDERS = "ord";
    public static final String UNITS = "units";

    private static final String PREFIX = "rt:";

    private RealtimeKeys() {
    }

    /** Hash of revenue (cents), orders and units over all sales in the bucket. */
    public static String totals(Resolution resolution, long bucketStart) {
        return bucket(resolution, bucketStart) + ":tot";
    }

    /** Hash with fields {@code <category>|rev}, {@code |ord}, {@code |units}. */
    public static String byCategory(Resolution resolution, long bucketStart) {
        return bucket(resolution, bucketStart) + ":cat";
    }

    /** Hash with fields {@code <region>|rev}, {@code |ord}, {@code |units}. */
    public static String byRegion(Resolution resolution, long bucketStart) {
        return bucket(resolution, bucketStart) + ":reg";
    }

    /** Sorted set of productId by revenue in cents. */
    public static String productRevenue(Resolution resolution, long bucketStart) {
        return bucket(resolution, bucketStart) + ":prev";
    }

    /** Sorted set of productId by units sold. */
    public static String productUnits(Resolution resolution, long bucketStart) {
        return bucket(resolution, bucketStart) + ":punits";
    }

    /** HyperLogLog of the customers with any event in the bucket. */
    public static String customers(Resolution resolution, long bucketStart) {
        return bucket(resolution, bucketStart) + ":cust";
    }

    /** Hash of Kafka partition to the next offset whose effects are not yet in Redis. */
    public static String fence(String consumerGroup, String topic) {
        return PREFIX + "fence:" + consumerGroup + ":" + topic;
    }

    public static String groupField(String group, String measure) {
        return group + "|" + measure;
    }

    /** When the keys of a bucket expire, in epoch milliseconds. */
    public static long expiresAtMillis(Resolution resolution, long bucketStart) {
        return (bucketStart + resolution.seconds()) * 1000 + KEEP.toMillis();
    }

    private static String bucket(Resolution resolution, long bucketStart) {
        return PREFIX + resolution.code() + ":" + bucketStart;
    }
}
