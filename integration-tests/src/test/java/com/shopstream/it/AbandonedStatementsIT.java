package com.shopstream.it;

import com.shopstream.common.Clients;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A statement outlives its client only briefly: a killed service's long statements (a view refresh,
 * an analytics query) would otherwise go on holding a core and their locks until
 * PostgreSQL next wrote to the vanished client.
 */
class AbandonedStatementsIT {

    private static final String SLEEPING = "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND state = 'active'";

    private final Stack stack = Stack.INSTANCE;

    @Test
    @DisplayName("A statement whose client went away is cancelled within seconds, not when it would have ended")
    void cancelledOnceItsClientIsGone() {
        Vertx client = Vertx.vertx();
        Pool pool = Clients.postgres(client, stack.connections, 1, "integration-tests-abandoned");
        SqlConnection conn = Stack.await(pool.getConnection());
        int backend = Stack.await(conn.query("SELECT pg_backend_pid()").execute()).iterator().next().getInteger(0);
        conn.query("SELECT pg_sleep(120)").execute();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sleeping(backend));

        // Its sockets close with it, as a killed process's do; the statement is still sleeping.
        client.close();

        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> !sleeping(backend));
    }

    private boolean sleeping(int backend) {
        return Stack.await(stack.pg.preparedQuery(SLEEPING).execute(Tuple.of(backend))).iterator().next().getLong(0) == 1;
    }
}
