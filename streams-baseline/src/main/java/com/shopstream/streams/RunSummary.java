package com.shopstream.streams;

import java.util.Locale;

/**
 * The one-line report the benchmark reads. {@code records} counts every record of the backlog:
 * {@code valid} (taken in), {@code duplicates} and {@code invalid}. {@code seconds} and
 * {@code firstRecordSeconds} run from {@code KafkaStreams.start()} to the end offsets' commit and to
 * the first record; {@code cpuSeconds} is this process's CPU between the first record and that commit.
 */
record RunSummary(long records, long valid, long duplicates, long invalid, long orders, long rollupRows,
                  double seconds, double firstRecordSeconds, double cpuSeconds) {

    String toJson() {
        return String.format(Locale.ROOT,
                "{\"records\":%d,\"valid\":%d,\"duplicates\":%d,\"invalid\":%d,\"orders\":%d,\"rollupRows\":%d,"
                        + "\"seconds\":%.3f,\"firstRecordSeconds\":%.3f,\"cpuSeconds\":%.3f}",
                records, valid, duplicates, invalid, orders, rollupRows, seconds, firstRecordSeconds, cpuSeconds);
    }
}
