package com.shopstream.aggregator.consume;

import io.vertx.pgclient.PgException;
import io.vertx.redis.client.impl.types.ErrorType;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Tells failures caused by a batch's data from all others. A value that PostgreSQL, Redis or Kafka
 * refuses fails the same way however often it is retried, so it is isolated to the records that
 * carry it; anything else (a dependency down, busy or slow, a lost race, a bug fixed by the next
 * deploy) is retried with backoff, since a restart would only try the same thing again.
 */
final class Failures {

    /**
     * SQLSTATE classes a value raises: data exception (22: out of range, bad encoding, division by
     * zero), integrity constraint violation (23) and program limit exceeded (54: a value too large
     * for an index row). Class 42 is left out on purpose: every statement binds typed parameters,
     * so a 42 is a schema or code mismatch, and isolating it would dead-letter every record.
     */
    private static final Set<String> DATA_SQLSTATE_CLASSES = Set.of("22", "23", "54");
    /**
     * Keys a batch inserts without a conflict check because it read or locked what exists first. Two
     * batches inserting the same new key (one session id used by customers in two partitions, one
     * event sent to two partitions) is a lost race: retried, the later batch finds the row. The
     * events' key is the index of the day's partition, {@code events_YYYYMMDD_occurred_at_event_id_idx}.
     */
    private static final Pattern RACED_KEYS = Pattern.compile("funnel_sessions_pkey|events_\\d{8}_occurred_at_event_id_idx");
    private static final String UNIQUE_VIOLATION = "23505";
    /** Redis's answer to an increment beyond 64 bits. */
    private static final String REDIS_OVERFLOW = "would overflow";

    private Failures() {
    }

    static boolean isCausedByData(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg) {
                return isDataSqlState(pg.getSqlState(), pg.getConstraint());
            }
            if (t instanceof RecordTooLargeException || t instanceof InvalidRecordException
                    || t instanceof ArithmeticException) {
                return true;
            }
            if (t instanceof ErrorType redis) {
                return redis.getMessage() != null && redis.getMessage().contains(REDIS_OVERFLOW);
            }
        }
        return false;
    }

    private static boolean isDataSqlState(String state, String constraint) {
        if (state == null || state.length() != 5 || !DATA_SQLSTATE_CLASSES.contains(state.substring(0, 2))) {
            return false;
        }
        return !(UNIQUE_VIOLATION.equals(state) && constraint != null && RACED_KEYS.matcher(constraint).matches());
    }

    /** What a dead letter says of a data failure: where it came from and the refusal itself. */
    static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg) {
                return "refused by PostgreSQL (SQLSTATE " + pg.getSqlState() + "): " + pg.getErrorMessage();
            }
            if (t instanceof ErrorType redis) {
                return "refused by Redis: " + redis.getMessage();
            }
            if (t instanceof RecordTooLargeException || t instanceof InvalidRecordException) {
                return "refused by Kafka: " + t.getMessage();
            }
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    /** The column a PostgreSQL refusal names, or empty. */
    static String field(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && pg.getColumn() != null) {
                return pg.getColumn();
            }
        }
        return "";
    }
}
