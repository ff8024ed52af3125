package com.shopstream.query.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * What a read endpoint computes: the JSON body of a 200, from the request's parameters. Bad
 * parameters throw {@link BadParameterException}; other refusals fail with {@link ApiException}.
 * Caching, ETags, CSV and writing the response are {@link Endpoints}' business.
 */
@FunctionalInterface
public interface JsonAnswer {

    Future<JsonObject> answer(RoutingContext ctx);
}
