package com.shopstream.common;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.function.Function;

/**
 * Background work that one instance at a time does: a round runs on a connection of its own under
 * a session advisory lock, which it releases at the end, and the instances that cannot take the
 * lock skip the round. A session lock, not a transaction's, so the work may commit as it goes; a
 * dead instance's lock goes with its connection.
 */
public final class SessionLead {

    private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(hashtext($1))";
    private static final String UNLOCK = "SELECT pg_advisory_unlock(hashtext($1))";

    private SessionLead() {
    }

    /** Runs {@code work} under the lock named {@code lock}; completes with {@code skipped} when another instance holds it. */
    public static <T> Future<T> run(Pool pool, String lock, Function<SqlConnection, Future<T>> work, T skipped) {
        Tuple name = Tuple.of(lock);
        return pool.getConnection().compose(conn -> conn.preparedQuery(TRY_LOCK).execute(name)
                .compose(rows -> rows.iterator().next().getBoolean(0)
                        ? work.apply(conn).eventually(() -> conn.preparedQuery(UNLOCK).execute(name))
                        : Future.succeededFuture(skipped))
                .eventually(conn::close));
    }
}
