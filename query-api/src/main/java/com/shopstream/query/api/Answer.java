package com.shopstream.query.api;

import io.vertx.core.json.JsonObject;

/**
 * A read endpoint's result, as a record: {@link #toJson()} is the body of its 200, from which
 * {@link Endpoints} also renders CSV; a paged answer says where its next page starts, for the
 * {@code Link} header.
 */
public interface Answer {

    JsonObject toJson();

    /** The cursor of the next page: null on the last page, and for answers that are not paged. */
    default String nextCursor() {
        return null;
    }
}
