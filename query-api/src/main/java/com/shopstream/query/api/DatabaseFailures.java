package com.shopstream.query.api;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Turns a failure of PostgreSQL that is no fault of the request into the answer a client can act
 * on: a statement cancelled by the timeout, a server starting, shutting down or out of
 * connections, a connection lost, or a store that did not answer in time is a 503 with
 * {@code Retry-After}.
 */
final class DatabaseFailures {

    private static final String QUERY_CANCELED = "57014";
    /** Connection exception, insufficient resources, operator intervention. */
    private static final Set<String> UNAVAILABLE_CLASSES = Set.of("08", "53", "57");
    private static final int RETRY_AFTER_SECONDS = 2;

    private DatabaseFailures() {
    }

    /** The 503 for a database failure of that kind, or null for any other failure. */
    static ApiException asRefusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                if (QUERY_CANCELED.equals(pg.getSqlState())) {
                    return ApiException.unavailable("the query ran out of time; try again, or ask for a narrower range", RETRY_AFTER_SECONDS);
                }
                return UNAVAILABLE_CLASSES.contains(pg.getSqlState().substring(0, 2))
                        ? ApiException.unavailable("the database is unavailable right now", RETRY_AFTER_SECONDS)
                        : null;
            }
            if (t instanceof ClosedConnectionException || t instanceof ConnectException) {
                return ApiException.unavailable("the database is unavailable right now", RETRY_AFTER_SECONDS);
            }
            if (t instanceof TimeoutException) {
                return ApiException.unavailable("a store did not answer in time", RETRY_AFTER_SECONDS);
            }
        }
        return null;
    }
}
