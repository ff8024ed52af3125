package com.shopstream.aggregator;

import io.netty.channel.ChannelException;
import io.vertx.pgclient.PgException;
import io.vertx.redis.client.impl.types.ErrorType;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Tells failures worth retrying (a dependency is down, busy or slow, or a transaction lost a race)
 * from those that will fail again however often they are retried (a bug, data the schema refuses).
 */
final class Failures {

    /** SQLSTATE classes: connection exception, transaction rollback, insufficient resources, operator intervention, system error. */
    private static final Set<String> RETRIABLE_SQLSTATE_CLASSES = Set.of("08", "40", "53", "57", "58");
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String UNIQUE_VIOLATION = "23505";
    /**
     * Keys a batch inserts without a conflict check because it locked what exists first. Two batches
     * inserting the same new key (one session id used by customers in two partitions) is a lost race:
     * retried, the later batch finds the row and updates it.
     */
    private static final Set<String> RACED_KEYS = Set.of("funnel_sessions_pkey");
    private static final Set<String> RETRIABLE_REDIS_ERRORS = Set.of("LOADING", "BUSY", "TRYAGAIN", "MASTERDOWN", "CLUSTERDOWN");

    private Failures() {
    }

    static boolean isRetriable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg) {
                String state = pg.getSqlState();
                return state != null
                        && (RETRIABLE_SQLSTATE_CLASSES.contains(state.substring(0, 2)) || LOCK_NOT_AVAILABLE.equals(state)
                            || (UNIQUE_VIOLATION.equals(state) && pg.getConstraint() != null && RACED_KEYS.contains(pg.getConstraint())));
            }
            if (t instanceof IOException || t instanceof TimeoutException || t instanceof RetriableException
                    || t instanceof ChannelException) {
                return true;
            }
            String name = t.getClass().getName();
            if (name.endsWith("ClosedConnectionException") || name.endsWith("TimeoutException")) {
                return true;
            }
            if (t instanceof ErrorType redisError) {
                return RETRIABLE_REDIS_ERRORS.stream().anyMatch(prefix -> redisError.getMessage().startsWith(prefix));
            }
        }
        return false;
    }
}
