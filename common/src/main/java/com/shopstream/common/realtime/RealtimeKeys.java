package com.shopstream.common.realtime;

import java.time.Duration;
import java.util.List;

/**
 * The Redis layout of the realtime windows, shared by the aggregator (writer) and query-api (reader).
 *
 * <p>Sales and distinct customers are kept in event-time buckets of one second and one minute.
 * A window of N minutes ending now is read as whole minute buckets plus the second buckets of its
 * partial first minute, so windows are exact to the second. Revenue is kept in integer cents.
 * Every key expires {@link #KEEP} after its bucket ends.
 *
 * <p>Every key belongs to a key group, named in its hash tag: {@code rt:{g3}:m:1765000000:tot}. A Kafka
 * partition's batches write to one group only ({@link KeyGroups#of}), so each batch's apply script
 * touches a single Redis Cluster slot, and readers sum a window over every group. Kafka partitions by
 * customer, so the groups' customer sets are disjoint and their distinct counts add up too.
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
    public static String totals(int group, Resolution resolution, long bucketStart) {
        return bucket(group, resolution, bucketStart) + ":tot";
    }

    /** Hash with fields {@code <category>|rev}, {@code |ord}, {@code |units}. */
    public static String byCategory(int group, Resolution resolution, long bucketStart) {
        return bucket(group, resolution, bucketStart) + ":cat";
    }

    /** Hash with fields {@code <region>|rev}, {@code |ord}, {@code |units}. */
    public static String byRegion(int group, Resolution resolution, long bucketStart) {
        return bucket(group, resolution, bucketStart) + ":reg";
    }

    /** Sorted set of productId by revenue in cents. */
    public static String productRevenue(int group, Resolution resolution, long bucketStart) {
        return bucket(group, resolution, bucketStart) + ":prev";
    }

    /** Sorted set of productId by units sold. */
    public static String productUnits(int group, Resolution resolution, long bucketStart) {
        return bucket(group, resolution, bucketStart) + ":punits";
    }

    /** HyperLogLog of the customers with any event in the bucket. */
    public static String customers(int group, Resolution resolution, long bucketStart) {
        return bucket(group, resolution, bucketStart) + ":cust";
    }

    /** Hash of Kafka partition (of the group's) to the next offset whose effects are not yet in Redis. */
    public static String fence(int group, String consumerGroup, String topic) {
        return tag(group) + ":fence:" + consumerGroup + ":" + topic;
    }

    /** Every group's fence hash: together they name every partition once. */
    public static List<String> fences(KeyGroups groups, String consumerGroup, String topic) {
        return groups.all().mapToObj(group -> fence(group, consumerGroup, topic)).toList();
    }

    /** A key for a reader's intermediate results, in the group's slot, deleted by the reader. */
    public static String scratch(int group, String name) {
        return tag(group) + ":scratch:" + name;
    }

    public static String groupField(String group, String measure) {
        return group + "|" + measure;
    }

    /** When the keys of a bucket expire, in epoch milliseconds. */
    public static long expiresAtMillis(Resolution resolution, long bucketStart) {
        return (bucketStart + resolution.seconds()) * 1000 + KEEP.toMillis();
    }

    private static String bucket(int group, Resolution resolution, long bucketStart) {
        return tag(group) + ":" + resolution.code() + ":" + bucketStart;
    }

    private static String tag(int group) {
        return PREFIX + "{g" + group + "}";
    }
}
