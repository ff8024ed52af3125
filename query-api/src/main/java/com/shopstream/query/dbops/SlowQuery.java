package com.shopstream.query.dbops;

import com.shopstream.query.api.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A statement the server logged as slow, with its plan's costliest nodes; {@code parameters} and
 * {@code plan} only when one is asked for by id. {@link #toJson()} is the answer of
 * {@code GET /v1/admin/db/slow-queries/{id}}.
 */
record SlowQuery(long id, OffsetDateTime loggedAt, double durationMs, String service, String role, Long queryId, String query,
                 JsonArray costliestNodes, List<String> parameters, JsonObject plan) implements Answer {

    /** From the columns of {@link DbOpsSql#SLOW_QUERIES}, and of {@link DbOpsSql#SLOW_QUERY} with its plan. */
    static SlowQuery of(Row row, boolean withPlan) {
        String[] parameters = withPlan ? row.getArrayOfStrings(8) : null;
        return new SlowQuery(row.getLong(0), row.getOffsetDateTime(1), row.getBigDecimal(2).doubleValue(), row.getString(3),
                row.getString(4), row.getLong(5), row.getString(6), (JsonArray) row.getValue(7),
                parameters == null ? null : Arrays.asList(parameters), withPlan ? (JsonObject) row.getValue(9) : null);
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("id", id)
                .put("loggedAt", loggedAt.toInstant().toString())
                .put("durationMs", Numbers.rounded(durationMs))
                .put("service", service)
                .put("role", role)
                .put("queryId", queryId == null ? null : Long.toString(queryId))
                .put("query", query)
                .put("costliestNodes", costliestNodes);
        if (plan != null) {
            json.put("parameters", parameters == null ? null : new JsonArray(new ArrayList<>(parameters)))
                    .put("plan", plan);
        }
        return json;
    }
}
