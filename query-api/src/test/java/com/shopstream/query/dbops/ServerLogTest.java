package com.shopstream.query.dbops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ServerLogTest {

    private static final String PLAN = """
            {"Query Text": "SELECT count(*) FROM t WHERE customer = $1", "Plan": {"Node Type": "Aggregate", "Total Cost": 120.0,
             "Plans": [{"Node Type": "Seq Scan", "Relation Name": "t", "Filter": "(customer = '42'::bigint)", "Total Cost": 100.0}]}}""";

    private static String line(String session, int lineNumber, String message, String detail, long queryId) {
        JsonObject entry = new JsonObject().put("timestamp", "2026-12-06 10:21:53.162 UTC").put("user", "shop").put("dbname", "shop")
                .put("session_id", session).put("line_num", lineNumber).put("message", message)
                .put("application_name", "integration-tests").put("query_id", queryId);
        if (detail != null) {
            entry.put("detail", detail);
        }
        return entry.encode() + "\n";
    }

    @Test
    @DisplayName("A plan is read with the parameters of its execution's line, logged before it in the same session")
    void planWithParameters() {
        String text = line("s1", 5, "duration: 220.139 ms  execute s0: SELECT count(*) FROM t WHERE customer = $1", "parameters: $1 = '42'", 7)
                + line("s2", 1, "duration: 300.000 ms  execute s9: SELECT 1", "parameters: $1 = '9'", 8)
                + line("s1", 6, "duration: 220.123 ms  plan:\n" + PLAN, null, 7)
                + "{\"cut\": ";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

        ServerLog.Chunk chunk = ServerLog.parse(bytes, 1000, "shop");

        assertThat(chunk.plans()).hasSize(1);
        ServerLog.LoggedPlan slow = chunk.plans().get(0);
        assertThat(slow.parameters()).containsExactly("42");
        assertThat(slow.durationMs()).isEqualTo(220.123);
        assertThat(slow.query()).isEqualTo("SELECT count(*) FROM t WHERE customer = $1");
        assertThat(slow.queryId()).isEqualTo(7L);
        assertThat(slow.costliestNodes().getJsonObject(0).getString("nodeType")).isEqualTo("Seq Scan");
        assertThat(slow.costliestNodes().getJsonObject(0).getDouble("ownCost")).isEqualTo(100.0);
        assertThat(chunk.nextOffset()).as("the cut-off line is read again next time").isEqualTo(1000 + text.lastIndexOf('{'));
        assertThat(slow.logLine()).isEqualTo(1000 + text.indexOf(line("s1", 6, "duration: 220.123 ms  plan:\n" + PLAN, null, 7)));
    }

    @Test
    @DisplayName("Another database's plans are not collected")
    void otherDatabase() {
        byte[] bytes = line("s1", 6, "duration: 220.123 ms  plan:\n" + PLAN, null, 7).replace("\"dbname\":\"shop\"", "\"dbname\":\"other\"")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(ServerLog.parse(bytes, 0, "shop").plans()).isEmpty();
    }

    @Test
    @DisplayName("Logged parameters: quotes doubled inside, NULL as null")
    void parameters() {
        assertThat(ServerLog.parameters("$1 = 'it''s', $2 = NULL, $3 = '{1,2}'")).isEqualTo(Arrays.asList("it's", null, "{1,2}"));
    }

    @Test
    @DisplayName("Parameters are put back as literals, leaving quoted text alone")
    void inline() {
        assertThat(Statements.inline("SELECT '$1', \"$2\" FROM t WHERE a = $1 AND b = $2::bigint[] AND c = $10",
                Arrays.asList("x'y", "{1,2}", "3", "4", "5", "6", "7", "8", "9", null)))
                .isEqualTo("SELECT '$1', \"$2\" FROM t WHERE a = 'x''y' AND b = '{1,2}'::bigint[] AND c = NULL");
        assertThatThrownBy(() -> Statements.inline("SELECT $2", List.of("1"))).hasMessageContaining("$2");
    }
}
