package com.shopstream.query.dbops;

import com.shopstream.query.api.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/** Slow statements logged in [from, to), newest first; {@link #toJson()} is the answer of {@code GET /v1/admin/db/slow-queries}. */
record SlowQueryPage(Instant from, Instant to, double thresholdMs, List<SlowQuery> slowQueries, String nextCursor) implements Answer {

    @Override
    public JsonObject toJson() {
        JsonArray json = new JsonArray();
        slowQueries.forEach(q -> json.add(q.toJson()));
        return new JsonObject().put("from", from.toString()).put("to", to.toString()).put("thresholdMs", thresholdMs)
                .put("slowQueries", json).put("nextCursor", nextCursor);
    }
}
