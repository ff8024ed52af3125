package com.shopstream.query.live;

import com.shopstream.query.api.Measures;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** Sales in the minute starting at {@code bucket}, from its Redis bucket. */
record MinuteSales(Instant bucket, Measures measures) {

    JsonObject toJson() {
        return measures.toJson().put("bucket", bucket.toString());
    }
}
