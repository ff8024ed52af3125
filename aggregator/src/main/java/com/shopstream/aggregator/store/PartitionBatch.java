package com.shopstream.aggregator.store;

import java.util.List;

/**
 * The records of one poll for one Kafka partition, decoded: valid events (the first of each eventId
 * at its occurredAt), dead letters, and the offsets of records that repeated an event seen earlier in
 * the batch.
 */
public record PartitionBatch(
        int partition,
        long firstOffset,
        long lastOffset,
        List<Candidate> candidates,
        List<DeadLetter> deadLetters,
        List<Long> repeatedOffsets) {

    /** The part of the batch at or after {@code offset}: what an earlier commit has not covered yet. */
    public PartitionBatch from(long offset) {
        if (offset <= firstOffset) {
            return this;
        }
        return new PartitionBatch(partition, Math.max(offset, firstOffset), lastOffset,
                candidates.stream().filter(c -> c.offset() >= offset).toList(),
                deadLetters.stream().filter(d -> d.offset() >= offset).toList(),
                repeatedOffsets.stream().filter(o -> o >= offset).toList());
    }

    /** The offset to resume from once this batch is stored. */
    public long nextOffset() {
        return lastOffset + 1;
    }
}
