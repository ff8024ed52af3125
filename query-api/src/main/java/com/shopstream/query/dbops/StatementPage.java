package com.shopstream.query.dbops;

import com.shopstream.query.api.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;

/** Statements by total time, heaviest first; {@link #toJson()} is the answer of {@code GET /v1/admin/db/queries}. */
record StatementPage(double minMeanMs, List<Statement> queries, String nextCursor) implements Answer {

    /** A statement's totals since the statistics were reset, and its calls per minute over the last hour. */
    record Statement(long queryId, String role, List<String> services, String query, long calls, double totalMs, double meanMs,
                     long rows, Double cacheHitRatio, List<Interval> frequency) {
    }

    /** Between two snapshots: the calls made, and their mean time (null without calls). */
    record Interval(OffsetDateTime until, long calls, Double meanMs) {
    }

    @Override
    public JsonObject toJson() {
        JsonArray json = new JsonArray();
        for (Statement s : queries) {
            JsonArray frequency = new JsonArray();
            s.frequency().forEach(i -> frequency.add(new JsonObject().put("until", i.until().toInstant().toString())
                    .put("calls", i.calls()).put("meanMs", Numbers.rounded(i.meanMs()))));
            json.add(new JsonObject()
                    .put("queryId", Long.toString(s.queryId()))
                    .put("role", s.role())
                    .put("services", new JsonArray(List.copyOf(s.services())))
                    .put("query", s.query())
                    .put("calls", s.calls())
                    .put("totalMs", Numbers.rounded(s.totalMs()))
                    .put("meanMs", Numbers.rounded(s.meanMs()))
                    .put("rows", s.rows())
                    .put("cacheHitRatio", Numbers.ratio(s.cacheHitRatio()))
                    .put("frequency", frequency));
        }
        return new JsonObject().put("minMeanMs", minMeanMs).put("queries", json).put("nextCursor", nextCursor);
    }
}
