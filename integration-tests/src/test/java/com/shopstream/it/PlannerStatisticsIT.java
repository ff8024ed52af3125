package com.shopstream.it;

import static com.shopstream.it.TestData.line;
import static com.shopstream.it.TestData.now;
import static com.shopstream.it.TestData.order;
import static com.shopstream.it.TestData.product;
import static com.shopstream.it.TestData.uniqueId;
import static com.shopstream.it.TestData.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.ShopEvent;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PlannerStatisticsIT {

    private final Stack stack = Stack.INSTANCE;

    @Test
    @DisplayName("The aggregator keeps statistics of the partitioned tables as a whole, which autovacuum never gathers")
    void partitionedTablesAnalyzed() {
        String region = uniqueName("it-stats");
        long product = product(stack, uniqueName("it-stats-cat"), "4.00");
        Instant now = now();
        List<ShopEvent> orders = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            orders.add(order(uniqueId(), region, now.minusSeconds(i), line(product, 1, "4.00")));
        }
        // As on a store never analyzed: otherwise whether these rows trigger an analysis depends on how
        // full the partitions' pages were (the rule counts bytes), and the test would depend on it.
        stack.sql("DELETE FROM partitioned_table_statistics");
        stack.produce(orders);
        stack.awaitCaughtUp(stack.timeout());

        // The aggregator looks every minute; a table with no analysis recorded is analyzed at the next look.
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(stack.sql("SELECT count(*) FROM partitioned_table_statistics WHERE analyzed_at >= $1",
                    java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC)).iterator().next().getLong(0))
                    .as("tables the aggregator analyzed since the test began").isEqualTo(3);
            for (String[] tableAndKey : new String[][] {{"events", "event_id"}, {"orders", "order_id"}, {"order_items", "order_id"}}) {
                String table = tableAndKey[0];
                Row row = stack.sql("""
                        SELECT c.reltuples::bigint AS estimated,
                               (SELECT count(*) FROM %s) AS actual,
                               EXISTS (SELECT 1 FROM pg_stats s
                                       WHERE s.tablename = c.relname AND s.attname = $2 AND s.inherited) AS has_statistics
                        FROM pg_class c WHERE c.relname = $1""".formatted(table), table, tableAndKey[1]).iterator().next();
                assertThat(row.getBoolean("has_statistics")).as("statistics of %s.%s as a whole", table, tableAndKey[1]).isTrue();
                assertThat(row.getLong("estimated") * 2).as("rows of %s the statistics were taken from, against %d now", table,
                        row.getLong("actual")).isGreaterThanOrEqualTo(row.getLong("actual"));
            }
        });
    }
}
