package com.shopstream.query.api;

import com.shopstream.common.HttpResponses;
import com.shopstream.contract.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** The 400 of a request body with problems: {@code {"error", "errors":[{"field","message"}]}}, one entry per problem. */
public final class InvalidBody {

    private InvalidBody() {
    }

    public static void reply(RoutingContext ctx, String error, List<FieldError> problems) {
        JsonArray errors = new JsonArray();
        for (FieldError problem : problems) {
            errors.add(new JsonObject().put("field", problem.field()).put("message", problem.message()));
        }
        HttpResponses.json(ctx, 400, new JsonObject().put("error", error).put("errors", errors));
    }
}
