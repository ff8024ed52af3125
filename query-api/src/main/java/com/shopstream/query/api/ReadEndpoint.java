package com.shopstream.query.api;

import io.vertx.core.Future;

/**
 * What a read endpoint computes from the request's parameters: its {@link Answer}. Bad parameters
 * throw {@link BadParameterException}; other refusals fail with {@link ApiException}. Caching,
 * ETags, JSON or CSV and writing the response are {@link Endpoints}' business.
 */
@FunctionalInterface
public interface ReadEndpoint {

    Future<? extends Answer> answer(Parameters params);
}
