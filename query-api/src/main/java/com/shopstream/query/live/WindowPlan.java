package com.shopstream.query.live;

import com.shopstream.common.realtime.Resolution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which Redis buckets cover a window exactly: the window [start, end) is read as second buckets up
 * to the first minute boundary, whole minute buckets in the middle, and second buckets after the
 * last minute boundary. {@code end} is the second after {@code asOf}, so the current second counts.
 */
record WindowPlan(Instant start, Instant end, List<Bucket> buckets) {

    record Bucket(Resolution resolution, long start) {
    }

    static WindowPlan ending(Instant asOf, Window window) {
        long end = asOf.getEpochSecond() + 1;
        long start = end - window.length().toSeconds();
        long firstMinute = Math.floorDiv(start + 59, 60) * 60;
        long lastMinute = Math.floorDiv(end, 60) * 60;
        List<Bucket> buckets = new ArrayList<>();
        if (firstMinute >= lastMinute) {
            addSeconds(buckets, start, end);
        } else {
            addSeconds(buckets, start, firstMinute);
            for (long minute = firstMinute; minute < lastMinute; minute += 60) {
                buckets.add(new Bucket(Resolution.MINUTE, minute));
            }
            addSeconds(buckets, lastMinute, end);
        }
        return new WindowPlan(Instant.ofEpochSecond(start), Instant.ofEpochSecond(end), List.copyOf(buckets));
    }

    private static void addSeconds(List<Bucket> buckets, long from, long to) {
        for (long second = from; second < to; second++) {
            buckets.add(new Bucket(Resolution.SECOND, second));
        }
    }
}
