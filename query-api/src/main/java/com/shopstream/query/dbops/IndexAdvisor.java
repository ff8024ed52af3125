package com.shopstream.query.dbops;

import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.ReadEndpoint;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/admin/db/index-advice}, in the manner of Dexter: the heaviest read statements
 * (the slowest logged samples with their parameters, and the heaviest statements without
 * parameters) are planned; each sequential scan with a filter proposes indexes on the filtered
 * columns, one per column and one over all of them; each candidate is created as a hypothetical
 * index with HypoPG, the statement planned again, and the candidate suggested only if it at least
 * halves the statement's estimated cost. It also lists unused indexes, indexes that another
 * covers, and tables mostly read by sequential scans.
 */
public final class IndexAdvisor implements ReadEndpoint {

    static final double REQUIRED_GAIN = 2.0;
    private static final int PLAIN_STATEMENTS = 10;
    private static final int STATEMENTS = 20;
    private static final long SEQUENTIAL_SCAN_MIN_ROWS = 10_000;
    private static final Pattern IDENTIFIER = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\b");

    private static final Logger LOG = LoggerFactory.getLogger(IndexAdvisor.class);

    private final Pool pool;

    public IndexAdvisor(Pool pool) {
        this.pool = pool;
    }

    private record Candidate(String schema, String table, List<String> columns) {

        String definition() {
            return "CREATE INDEX ON " + schema + "." + table + " (" + String.join(", ", columns) + ")";
        }
    }

    private record Statement(String text, Long slowQueryId) {
    }

    @Override
    public Future<IndexAdvice> answer(Parameters params) {
        Future<List<IndexAdvice.Suggestion>> suggestions = pool.withConnection(this::suggest);
        Future<List<IndexAdvice.UnusedIndex>> unused = pool.query(DbOpsSql.UNUSED_INDEXES).execute().map(rows -> {
            List<IndexAdvice.UnusedIndex> list = new ArrayList<>();
            rows.forEach(r -> list.add(new IndexAdvice.UnusedIndex(r.getString(0), r.getString(1), r.getLong(2), r.getString(3),
                    r.getOffsetDateTime(4))));
            return list;
        });
        Future<List<IndexAdvice.DuplicateIndex>> duplicates = pool.query(DbOpsSql.DUPLICATE_INDEXES).execute().map(rows -> {
            List<IndexAdvice.DuplicateIndex> list = new ArrayList<>();
            rows.forEach(r -> list.add(new IndexAdvice.DuplicateIndex(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
                    r.getString(4), r.getLong(5), r.getBoolean(6))));
            return list;
        });
        Future<List<IndexAdvice.ScannedTable>> scanned = pool.preparedQuery(DbOpsSql.SEQUENTIAL_SCAN_TABLES)
                .execute(Tuple.of(SEQUENTIAL_SCAN_MIN_ROWS)).map(rows -> {
                    List<IndexAdvice.ScannedTable> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new IndexAdvice.ScannedTable(r.getString(0), r.getLong(1), r.getLong(2), r.getLong(3),
                            r.getLong(4))));
                    return list;
                });
        return Future.all(suggestions, unused, duplicates, scanned)
                .map(all -> new IndexAdvice(suggestions.result(), unused.result(), duplicates.result(), scanned.result()));
    }

    /** On one connection: hypothetical indexes exist only in the session that made them. */
    private Future<List<IndexAdvice.Suggestion>> suggest(SqlConnection conn) {
        Future<List<Statement>> samples = conn.query(DbOpsSql.HEAVIEST_SAMPLES).execute().map(rows -> {
            List<Statement> statements = new ArrayList<>();
            for (Row row : rows) {
                String[] parameters = row.getArrayOfStrings(2);
                try {
                    statements.add(new Statement(Statements.inline(row.getString(1),
                            parameters == null ? List.of() : Arrays.asList(parameters)), row.getLong(0)));
                } catch (IllegalArgumentException e) {
                    // logged without its parameters: it cannot be planned again
                }
            }
            return statements;
        });
        return samples.compose(fromLog -> conn.preparedQuery(DbOpsSql.HEAVIEST_PLAIN).execute(Tuple.of(PLAIN_STATEMENTS)).map(rows -> {
            List<Statement> statements = new ArrayList<>(fromLog);
            rows.forEach(row -> statements.add(new Statement(row.getString(0), null)));
            return statements.subList(0, Math.min(STATEMENTS, statements.size()));
        })).compose(statements -> {
            Map<String, IndexAdvice.Suggestion> best = new LinkedHashMap<>();
            Future<Void> done = Future.succeededFuture();
            for (Statement statement : statements) {
                done = done.compose(v -> adviseOn(conn, statement).map(found -> {
                    found.forEach(s -> best.merge(s.index(), s, (a, b) -> a.costAfter() / a.costBefore() <= b.costAfter() / b.costBefore() ? a : b));
                    return null;
                }));
            }
            return done.map(v -> List.copyOf(best.values()));
        });
    }

    /** The candidates that at least halve the statement's cost; a statement that cannot be planned gives none. */
    private Future<List<IndexAdvice.Suggestion>> adviseOn(SqlConnection conn, Statement statement) {
        return cost(conn, statement.text()).compose(plan -> candidates(conn, plan.getJsonObject("Plan")).compose(candidates -> {
            double before = PlanNodes.totalCost(plan);
            List<IndexAdvice.Suggestion> suggestions = new ArrayList<>();
            Future<Void> done = Future.succeededFuture();
            for (Candidate candidate : candidates) {
                done = done.compose(v -> conn.preparedQuery(DbOpsSql.HYPOTHETICAL_INDEX).execute(Tuple.of(candidate.definition()))
                        .compose(created -> cost(conn, statement.text()).map(after -> {
                            double costAfter = PlanNodes.totalCost(after);
                            if (costAfter * REQUIRED_GAIN <= before) {
                                suggestions.add(new IndexAdvice.Suggestion(candidate.definition(), candidate.table(), candidate.columns(),
                                        statement.text(), statement.slowQueryId(), before, costAfter,
                                        created.iterator().next().getLong(0)));
                            }
                            return (Void) null;
                        }))
                        .eventually(() -> conn.query(DbOpsSql.FORGET_HYPOTHETICAL).execute()));
            }
            return done.map(v -> suggestions);
        })).recover(failure -> {
            LOG.debug("no index advice for a statement that cannot be planned here ({}): {}", failure.getMessage(), statement.text());
            return Future.succeededFuture(List.of());
        });
    }

    private static Future<JsonObject> cost(SqlConnection conn, String statement) {
        return conn.query("EXPLAIN (FORMAT JSON, VERBOSE) " + statement).execute()
                .map(rows -> ExplainHandler.toArray(rows.iterator().next().getValue(0)).getJsonObject(0));
    }

    /** For each filtered sequential scan: an index per filtered column, and one over them all. */
    private Future<List<Candidate>> candidates(SqlConnection conn, JsonObject plan) {
        List<JsonObject> scans = new ArrayList<>();
        filteredScans(plan, scans);
        Set<Candidate> candidates = new LinkedHashSet<>();
        Future<Void> done = Future.succeededFuture();
        for (JsonObject scan : scans) {
            String schema = scan.getString("Schema", "public");
            String table = scan.getString("Relation Name");
            done = done.compose(v -> conn.preparedQuery(DbOpsSql.COLUMNS).execute(Tuple.of(schema, table)).map(rows -> {
                Set<String> columns = new LinkedHashSet<>();
                rows.forEach(row -> columns.add(row.getString(0)));
                Set<String> filtered = new LinkedHashSet<>();
                Matcher identifiers = IDENTIFIER.matcher(scan.getString("Filter"));
                while (identifiers.find()) {
                    if (columns.contains(identifiers.group(1))) {
                        filtered.add(identifiers.group(1));
                    }
                }
                filtered.forEach(column -> candidates.add(new Candidate(schema, table, List.of(column))));
                if (filtered.size() > 1) {
                    candidates.add(new Candidate(schema, table, List.copyOf(filtered)));
                }
                return null;
            }));
        }
        return done.map(v -> List.copyOf(candidates));
    }

    private static void filteredScans(JsonObject node, List<JsonObject> scans) {
        if (node.getString("Node Type", "").endsWith("Seq Scan") && node.getString("Filter") != null
                && node.getString("Relation Name") != null) {
            scans.add(node);
        }
        for (Object child : node.getJsonArray("Plans", new JsonArray())) {
            if (child instanceof JsonObject plan) {
                filteredScans(plan, scans);
            }
        }
    }
}
