package com.shopstream.aggregator.consume;

import com.shopstream.aggregator.store.Candidate;
import com.shopstream.aggregator.store.DeadLetter;
import com.shopstream.aggregator.store.PartitionBatch;
import com.shopstream.contract.EventJsonReader;
import com.shopstream.contract.EventValidator;
import com.shopstream.contract.FieldError;
import com.shopstream.contract.MalformedJsonException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes and validates the records of one partition. Producers may bypass ingest, so every record
 * is checked against the same contract; what fails becomes a dead letter with the reason.
 */
public final class RecordDecoder {

    private final EventValidator validator;

    /** What makes an event itself (decision 0015): a resend carries both. */
    private record Identity(UUID eventId, Instant occurredAt) {
    }

    public RecordDecoder(EventValidator validator) {
        this.validator = validator;
    }

    PartitionBatch decode(int partition, List<ConsumerRecord<byte[], byte[]>> records) {
        List<Candidate> candidates = new ArrayList<>(records.size());
        List<DeadLetter> deadLetters = new ArrayList<>();
        List<Long> repeated = new ArrayList<>();
        Set<Identity> seen = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.value() == null || record.value().length == 0) {
                deadLetters.add(new DeadLetter(record, "", "empty record value"));
                continue;
            }
            EventValidator.Result result;
            try {
                result = validator.validate(EventJsonReader.readOne(record.value()));
            } catch (MalformedJsonException e) {
                deadLetters.add(new DeadLetter(record, "", e.getMessage()));
                continue;
            }
            if (!result.isValid()) {
                List<FieldError> errors = result.errors();
                deadLetters.add(new DeadLetter(record, errors.get(0).field(),
                        errors.stream().map(FieldError::toString).collect(Collectors.joining("; "))));
            } else if (seen.add(new Identity(result.event().eventId(), result.event().occurredAt()))) {
                candidates.add(new Candidate(result.event(), record.offset()));
            } else {
                repeated.add(record.offset());
            }
        }
        long first = records.get(0).offset();
        long last = records.get(records.size() - 1).offset();
        return new PartitionBatch(partition, first, last, candidates, deadLetters, repeated);
    }

    /** A batch of one record that a dependency refused: it is stored as a dead letter only. */
    PartitionBatch refused(int partition, ConsumerRecord<byte[], byte[]> record, String field, String reason) {
        return new PartitionBatch(partition, record.offset(), record.offset(), List.of(),
                List.of(new DeadLetter(record, field, reason)), List.of());
    }
}
