package com.shopstream.query.dbops;

import com.shopstream.common.HttpResponses;
import com.shopstream.query.api.ApiException;
import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.Params;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.List;

/**
 * {@code POST /v1/admin/db/slow-queries/{id}/explain}: runs {@code EXPLAIN (ANALYZE, BUFFERS)} on a
 * captured slow statement with its logged parameters, safely: in a read-only transaction (a statement
 * that writes is refused, 422), under a statement timeout, and rolled back.
 */
public final class ExplainHandler implements Handler<RoutingContext> {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String READ_ONLY_VIOLATION = "25006";

    private final Pool pool;
    private final SlowQueriesHandler slowQueries;

    public ExplainHandler(Pool pool, SlowQueriesHandler slowQueries) {
        this.pool = pool;
        this.slowQueries = slowQueries;
    }

    @Override
    public void handle(RoutingContext ctx) {
        long id = Params.pathId(Parameters.of(ctx), "id");
        slowQueries.find(id).compose(this::explain)
                .onSuccess(answer -> HttpResponses.json(ctx, 200, answer))
                .onFailure(ctx::fail);
    }

    private Future<JsonObject> explain(SlowQuery query) {
        String statement;
        try {
            statement = Statements.inline(query.query(), query.parameters() == null ? List.of() : query.parameters());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(ApiException.unprocessable("slow query " + query.id() + " cannot be run again: " + e.getMessage()
                    + " (the server logged no parameters with its plan)"));
        }
        return pool.withConnection(conn -> analyze(conn, statement))
                .recover(failure -> Future.failedFuture(failure instanceof PgException pg && READ_ONLY_VIOLATION.equals(pg.getSqlState())
                        ? ApiException.unprocessable("slow query " + query.id() + " writes; only reads are explained on demand")
                        : failure))
                .map(result -> {
                    JsonObject explained = result.getJsonObject(0);
                    return new JsonObject()
                            .put("id", query.id())
                            .put("query", query.query())
                            .put("planningMs", explained.getValue("Planning Time"))
                            .put("executionMs", explained.getValue("Execution Time"))
                            .put("costliestNodes", PlanNodes.costliest(explained.getJsonObject("Plan"), 3))
                            .put("plan", explained);
                });
    }

    private static Future<JsonArray> analyze(SqlConnection conn, String statement) {
        return conn.query("BEGIN READ ONLY").execute()
                .compose(v -> conn.query("SET LOCAL statement_timeout = " + TIMEOUT.toMillis()).execute())
                .compose(v -> conn.query("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement).execute())
                .map(rows -> toArray(rows.iterator().next().getValue(0)))
                .eventually(() -> conn.query("ROLLBACK").execute());
    }

    static JsonArray toArray(Object explainOutput) {
        return explainOutput instanceof JsonArray array ? array : new JsonArray(String.valueOf(explainOutput));
    }
}
