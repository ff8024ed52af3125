package com.shopstream.query.dbops;

import com.shopstream.query.api.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;

/** {@link #toJson()} is the answer of {@code GET /v1/admin/db/index-advice}. */
record IndexAdvice(List<Suggestion> suggestions, List<UnusedIndex> unusedIndexes, List<DuplicateIndex> duplicateIndexes,
                   List<ScannedTable> sequentialScanTables) implements Answer {

    /** An index that at least halves a statement's estimated cost, as HypoPG costed it. */
    record Suggestion(String index, String table, List<String> columns, String query, Long slowQueryId, double costBefore,
                      double costAfter, long estimatedBytes) {
    }

    record UnusedIndex(String table, String index, long bytes, String definition, OffsetDateTime statisticsSince) {
    }

    record DuplicateIndex(String table, String index, String coveredBy, String definition, String coveringDefinition, long bytes,
                          boolean identical) {
    }

    record ScannedTable(String table, long sequentialScans, long indexScans, long rowsReadSequentially, long liveRows) {
    }

    @Override
    public JsonObject toJson() {
        JsonArray suggested = new JsonArray();
        suggestions.forEach(s -> suggested.add(new JsonObject()
                .put("index", s.index()).put("table", s.table()).put("columns", new JsonArray(List.copyOf(s.columns())))
                .put("query", s.query()).put("slowQueryId", s.slowQueryId())
                .put("costBefore", Numbers.rounded(s.costBefore())).put("costAfter", Numbers.rounded(s.costAfter()))
                .put("costRatio", Numbers.ratio(s.costAfter() / s.costBefore())).put("estimatedBytes", s.estimatedBytes())));
        JsonArray unused = new JsonArray();
        unusedIndexes.forEach(u -> unused.add(new JsonObject().put("table", u.table()).put("index", u.index()).put("bytes", u.bytes())
                .put("definition", u.definition())
                .put("statisticsSince", u.statisticsSince() == null ? null : u.statisticsSince().toInstant().toString())));
        JsonArray duplicates = new JsonArray();
        duplicateIndexes.forEach(d -> duplicates.add(new JsonObject().put("table", d.table()).put("index", d.index())
                .put("coveredBy", d.coveredBy()).put("definition", d.definition()).put("coveringDefinition", d.coveringDefinition())
                .put("bytes", d.bytes()).put("identical", d.identical())));
        JsonArray scanned = new JsonArray();
        sequentialScanTables.forEach(t -> scanned.add(new JsonObject().put("table", t.table()).put("sequentialScans", t.sequentialScans())
                .put("indexScans", t.indexScans()).put("rowsReadSequentially", t.rowsReadSequentially()).put("liveRows", t.liveRows())));
        return new JsonObject().put("suggestions", suggested).put("unusedIndexes", unused).put("duplicateIndexes", duplicates)
                .put("sequentialScanTables", scanned);
    }
}
