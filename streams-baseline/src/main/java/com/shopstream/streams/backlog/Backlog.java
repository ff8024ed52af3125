package com.shopstream.streams.backlog;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The records the benchmark produced and the baseline must process: per partition of one topic,
 * from a first offset (inclusive) to an end offset (exclusive).
 */
public record Backlog(String topic, SortedMap<Integer, Long> start, SortedMap<Integer, Long> end) {

    public Backlog {
        Objects.requireNonNull(topic, "topic");
        start = new TreeMap<>(start);
        end = new TreeMap<>(end);
        if (!start.keySet().equals(end.keySet())) {
            throw new IllegalArgumentException("the start and end offsets must name the same partitions: "
                    + start.keySet() + " and " + end.keySet());
        }
        for (Map.Entry<Integer, Long> first : start.entrySet()) {
            long last = end.get(first.getKey());
            if (first.getValue() < 0 || last < first.getValue()) {
                throw new IllegalArgumentException("partition " + first.getKey() + ": the end offset " + last
                        + " lies before the start offset " + first.getValue());
            }
        }
    }

    /** A backlog from offsets as the command line gives them, {@code 0:1234,1:5678}. */
    public static Backlog parse(String topic, String startOffsets, String endOffsets) {
        return new Backlog(topic, PartitionOffsets.parse(startOffsets), PartitionOffsets.parse(endOffsets));
    }

    /** Whether the record at this offset of this partition belongs to the backlog. */
    public boolean contains(int partition, long offset) {
        Long first = start.get(partition);
        return first != null && offset >= first && offset < end.get(partition);
    }

    public long records() {
        return start.keySet().stream().mapToLong(p -> end.get(p) - start.get(p)).sum();
    }
}
