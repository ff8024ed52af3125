package com.shopstream.query.sales;

import com.shopstream.query.api.Answer;
import com.shopstream.query.api.Measures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Sales per bucket over whole buckets [from, to), every bucket present; category and region only
 * where the request named them. {@link #toJson()} is the answer of {@code GET /v1/sales/timeseries}.
 */
record SalesTimeseries(Granularity granularity, Instant from, Instant to, String category, String region, List<Point> points)
        implements Answer {

    record Point(Instant bucket, BigDecimal revenue, long orders, long units) {
    }

    @Override
    public JsonObject toJson() {
        JsonArray json = new JsonArray();
        points.forEach(p -> json.add(new JsonObject().put("bucket", p.bucket().toString())
                .mergeIn(Measures.toJson(p.revenue(), p.orders(), p.units()))));
        JsonObject body = new JsonObject()
                .put("granularity", granularity.label())
                .put("from", from.toString())
                .put("to", to.toString());
        if (category != null) {
            body.put("category", category);
        }
        if (region != null) {
            body.put("region", region);
        }
        return body.put("points", json);
    }
}
