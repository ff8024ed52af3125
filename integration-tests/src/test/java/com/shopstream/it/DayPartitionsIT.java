package com.shopstream.it;

import static com.shopstream.it.TestData.line;
import static com.shopstream.it.TestData.now;
import static com.shopstream.it.TestData.order;
import static com.shopstream.it.TestData.product;
import static com.shopstream.it.TestData.uniqueId;
import static com.shopstream.it.TestData.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Day partitions are made and dropped beside a long read of the partitioned tables (a report), and
 * the batches do not queue behind them. The days used are far outside what events may carry, and the
 * tests drop what they made.
 */
class DayPartitionsIT {

    private static final String HOLD_TABLES = "LOCK TABLE events, orders, order_items IN ACCESS SHARE MODE";
    private static final List<String> TABLES = List.of("events", "orders", "order_items");

    private final Stack stack = Stack.INSTANCE;

    @Test
    @DisplayName("A day's partitions are made while a long read holds the tables, and events go on being stored")
    void madeBesideLongRead() {
        LocalDate day = LocalDate.of(2200, 1, 1).plusDays(uniqueId() % 20_000);
        SqlConnection reader = Stack.await(stack.pg.getConnection());
        try {
            Stack.await(reader.begin());
            Stack.await(reader.query(HOLD_TABLES).execute());

            assertThat(callBounded("SELECT ensure_day_partitions(ARRAY[$1::date])", day)).as("partitions made").isEqualTo(3);

            long product = product(stack, uniqueName("it-days-cat"), "2.00");
            String region = uniqueName("it-days");
            stack.produce(List.of(order(uniqueId(), region, now(), line(product, 1, "2.00"))));
            stack.awaitCaughtUp(stack.timeout());
            assertThat(stack.sql("SELECT count(*) FROM orders WHERE region = $1", region).iterator().next().getLong(0))
                    .as("orders stored while the read holds the tables").isEqualTo(1);
        } finally {
            reader.close();
            for (String table : TABLES) {
                stack.sql("DROP TABLE IF EXISTS " + partition(table, day));
            }
        }
    }

    @Test
    @DisplayName("Dropping an expired day gives up while a long read holds the tables, and succeeds after it")
    void dropWaitsNoLongerThanItsLockTimeout() {
        LocalDate day = LocalDate.of(1900, 1, 1).plusDays(uniqueId() % 20_000);
        stack.sql("SELECT ensure_day_partitions(ARRAY[$1::date])", day);
        SqlConnection reader = Stack.await(stack.pg.getConnection());
        try {
            Stack.await(reader.begin());
            Stack.await(reader.query(HOLD_TABLES).execute());

            assertThatThrownBy(() -> callBounded("SELECT drop_day_partitions_before($1::date)", day.plusDays(1)))
                    .as("the drop's own lock timeout, not the test's statement timeout")
                    .hasRootCauseInstanceOf(PgException.class)
                    .rootCause().extracting(e -> ((PgException) e).getSqlState()).isEqualTo("55P03");
        } finally {
            reader.close();
        }
        stack.sql("SELECT drop_day_partitions_before($1::date)", day.plusDays(1));
        for (String table : TABLES) {
            assertThat(stack.sql("SELECT to_regclass($1) IS NULL", partition(table, day)).iterator().next().getBoolean(0))
                    .as("%s gone", partition(table, day)).isTrue();
        }
    }

    @Test
    @DisplayName("A day's partition takes the events' unique index when it is made: an event id at one time is stored once")
    void newPartitionHoldsEachEventOnce() {
        LocalDate day = LocalDate.of(1900, 1, 1).plusDays(uniqueId() % 20_000);
        stack.sql("SELECT ensure_day_partitions(ARRAY[$1::date])", day);
        UUID id = UUID.randomUUID();
        OffsetDateTime noon = day.atTime(12, 0).atOffset(ZoneOffset.UTC);
        String insert = """
                INSERT INTO events (event_id, occurred_at, type, customer_id, src_partition, src_offset)
                VALUES ($1, $2, 'product_viewed', 1, 0, 0) ON CONFLICT DO NOTHING""";
        try {
            stack.sql(insert, id, noon);
            stack.sql(insert, id, noon);
            stack.sql(insert, id, noon.plusHours(1));

            List<OffsetDateTime> stored = new ArrayList<>();
            stack.sql("SELECT occurred_at FROM events WHERE event_id = $1 ORDER BY occurred_at", id).forEach(row -> stored.add(row.getOffsetDateTime(0)));
            assertThat(stored).as("the id at noon once, and at another time").containsExactly(noon, noon.plusHours(1));
        } finally {
            stack.sql("SELECT drop_day_partitions_before($1::date)", day.plusDays(1));
        }
    }

    @Test
    @DisplayName("Dropping an expired day forgets the funnel sessions that started before it, and keeps the later ones")
    void dropForgetsSessionsStartedBefore() {
        LocalDate day = LocalDate.of(1900, 1, 1).plusDays(uniqueId() % 20_000);
        stack.sql("SELECT ensure_day_partitions(ARRAY[$1::date])", day);
        String expired = uniqueName("it-days-session");
        String kept = uniqueName("it-days-session");
        String insert = """
                INSERT INTO funnel_sessions (session_id, started_at, categories, regions, category_started_at, steps)
                VALUES ($1, $2, ARRAY[''], ARRAY[''], ARRAY[$2::timestamptz], ARRAY[1::smallint])""";
        OffsetDateTime lastSecond = day.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC).minusSeconds(1);
        stack.sql(insert, expired, lastSecond);
        stack.sql(insert, kept, lastSecond.plusSeconds(1));
        try {
            stack.sql("SELECT drop_day_partitions_before($1::date)", day.plusDays(1));

            List<String> left = new ArrayList<>();
            stack.sql("SELECT session_id FROM funnel_sessions WHERE session_id IN ($1, $2)", expired, kept)
                    .forEach(row -> left.add(row.getString(0)));
            assertThat(left).as("sessions left").containsExactly(kept);
        } finally {
            stack.sql("DELETE FROM funnel_sessions WHERE session_id IN ($1, $2)", expired, kept);
        }
    }

    /**
     * Runs a maintenance function under a 10 s statement timeout, so that one waiting for the reader
     * fails (57014) instead of holding the batches behind it; returns its integer.
     */
    private int callBounded(String sql, LocalDate day) {
        SqlConnection connection = Stack.await(stack.pg.getConnection());
        try {
            Transaction tx = Stack.await(connection.begin());
            Stack.await(connection.query("SET LOCAL statement_timeout = '10s'").execute());
            int result = Stack.await(connection.preparedQuery(sql).execute(Tuple.of(day))).iterator().next().getInteger(0);
            Stack.await(tx.commit());
            return result;
        } finally {
            connection.close();
        }
    }

    private static String partition(String table, LocalDate day) {
        return table + "_" + day.format(DateTimeFormatter.BASIC_ISO_DATE);
    }
}
