package com.shopstream.streams.backlog;

import java.util.SortedMap;
import java.util.TreeMap;

/** Offsets per partition on the command line: {@code 0:1234,1:5678}, as the benchmark writes them. */
public final class PartitionOffsets {

    private PartitionOffsets() {
    }

    public static SortedMap<Integer, Long> parse(String text) {
        SortedMap<Integer, Long> offsets = new TreeMap<>();
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no partition offsets given; expected partition:offset,...");
        }
        for (String pair : text.split(",")) {
            String[] parts = pair.trim().split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("'" + pair + "' is not partition:offset");
            }
            int partition;
            long offset;
            try {
                partition = Integer.parseInt(parts[0].trim());
                offset = Long.parseLong(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + pair + "' is not partition:offset with whole numbers", e);
            }
            if (partition < 0 || offset < 0) {
                throw new IllegalArgumentException("'" + pair + "': partitions and offsets are not negative");
            }
            if (offsets.put(partition, offset) != null) {
                throw new IllegalArgumentException("partition " + partition + " is given twice");
            }
        }
        return offsets;
    }
}
