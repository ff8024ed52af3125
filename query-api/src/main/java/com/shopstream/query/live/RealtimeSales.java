package com.shopstream.query.live;

import com.shopstream.query.api.Answer;
import com.shopstream.query.api.Measures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Sales in the window ending {@code asOf}, from the Redis buckets: the totals, the estimated
 * distinct customers and, when grouped, each group's sales, by revenue. {@link #toJson()} is the
 * answer of {@code GET /v1/sales/realtime}.
 */
public record RealtimeSales(Window window, Instant asOf, Instant from, RealtimeSalesHandler.GroupBy groupBy, Measures totals,
                            long distinctCustomers, List<Group> groups) implements Answer {

    /** One category's or region's sales. */
    public record Group(String key, Measures measures) {
    }

    @Override
    public JsonObject toJson() {
        return window.describe(asOf, from)
                .put("groupBy", groupBy.name().toLowerCase(Locale.ROOT))
                .put("totals", totals.toJson())
                .put("distinctCustomers", distinctCustomers)
                .put("groups", groupsJson());
    }

    JsonArray groupsJson() {
        JsonArray json = new JsonArray();
        groups.forEach(group -> json.add(group.measures().toJson().put("key", group.key())));
        return json;
    }
}
