package com.shopstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.shopstream.common.Clients;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BackgroundPriorityIT {

    private final Stack stack = Stack.INSTANCE;

    @Test
    @DisplayName("The view maintenance's database backend runs at a lower CPU priority than the batches'")
    void viewMaintenanceBehindTheBatches() {
        assumeTrue(prioritizeInstalled(), "infra/up creates the prioritize extension; the containers' image has none");
        int nice = stack.settings.integer("SHOP_VIEW_MAINTENANCE_NICE", 10);
        Awaitility.await().atMost(stack.timeout()).pollInterval(Duration.ofMillis(500)).until(() -> stack.sql("""
                SELECT count(*) AS behind FROM pg_stat_activity
                WHERE application_name = 'aggregator-views' AND get_backend_priority(pid) = $1""", nice)
                .iterator().next().getLong("behind") > 0);
        long batchesBehind = stack.sql("""
                SELECT count(*) AS behind FROM pg_stat_activity
                WHERE application_name = 'aggregator' AND get_backend_priority(pid) <> 0""").iterator().next().getLong("behind");
        assertThat(batchesBehind).as("the batches' backends keep their priority").isZero();
    }

    @Test
    @DisplayName("lower_backend_priority lowers its own backend's priority and never raises it back; without the extension it does nothing")
    void lowersOnlyUpwards() {
        // A pool of its own: the nice value stays with the backend, which closing the pool ends.
        Pool own = Clients.postgres(stack.vertx, stack.connections, 1, "it-priority");
        try {
            SqlConnection conn = Stack.await(own.getConnection());
            Integer lowered = Stack.await(conn.query("SELECT lower_backend_priority(5)").execute()).iterator().next().getInteger(0);
            if (!prioritizeInstalled()) {
                assertThat(lowered).isNull();
                return;
            }
            assertThat(lowered).isEqualTo(5);
            assertThat(Stack.await(conn.query("SELECT get_backend_priority(pg_backend_pid())").execute()).iterator().next().getInteger(0))
                    .isEqualTo(5);
            assertThat(Stack.await(conn.query("SELECT lower_backend_priority(3)").execute()).iterator().next().getInteger(0))
                    .as("a nice value only goes up").isEqualTo(5);
            assertThat(stack.sql("SELECT get_backend_priority(pg_backend_pid()) AS nice").iterator().next().getInteger("nice"))
                    .as("other sessions keep theirs").isZero();
        } finally {
            Stack.await(own.close());
        }
    }

    private boolean prioritizeInstalled() {
        return stack.sql("SELECT count(*) AS n FROM pg_extension WHERE extname = 'prioritize'").iterator().next().getLong("n") > 0;
    }
}
