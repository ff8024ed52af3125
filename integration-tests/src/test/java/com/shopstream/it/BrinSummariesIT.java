package com.shopstream.it;

import static com.shopstream.it.TestData.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BrinSummariesIT {

    private final Stack stack = Stack.INSTANCE;

    @Test
    @DisplayName("The aggregator summarizes the page ranges a table fills into its BRIN indexes, without waiting for a vacuum")
    void newPageRangesSummarized() {
        String table = "it_brin_" + uniqueId();
        String index = table + "_n";
        // Autovacuum off: only the aggregator's summaries can give the new ranges their summary.
        stack.sql("CREATE TABLE " + table + " (n bigint) WITH (autovacuum_enabled = false)");
        try {
            stack.sql("CREATE INDEX " + index + " ON " + table + " USING brin (n)");
            stack.sql("INSERT INTO " + table + " SELECT generate_series(1, 300000)");

            // 1,328 pages; the aggregator looks every minute, and then the first 10 values are in the first range of 128.
            Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(pagesRead(table)).as("pages of %s read for the first 10 values", table).isEqualTo(128));
        } finally {
            stack.sql("DROP TABLE " + table);
        }
    }

    /**
     * The heap pages a bitmap scan through the BRIN index reads for the first 10 values: only the
     * page ranges with a summary can be skipped. (Summarizing would count the others, but it cannot
     * be rolled back.)
     */
    private long pagesRead(String table) {
        String plan = Stack.await(stack.pg.withTransaction(conn -> conn.query("SET LOCAL enable_seqscan = off").execute()
                .compose(v -> conn.query("EXPLAIN (ANALYZE, COSTS OFF) SELECT count(*) FROM " + table + " WHERE n <= 10").execute())
                .map(rows -> {
                    StringBuilder text = new StringBuilder();
                    rows.forEach(row -> text.append(row.getString(0)).append('\n'));
                    return text.toString();
                })));
        Matcher lossy = Pattern.compile("lossy=(\\d+)").matcher(plan);
        assertThat(lossy.find()).as("a bitmap scan through the BRIN index in%n%s", plan).isTrue();
        return Long.parseLong(lossy.group(1));
    }
}
