package com.shopstream.query.analytics;

import com.shopstream.query.api.JsonAnswer;
import com.shopstream.query.api.Ratios;
import com.shopstream.common.Money;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/customers/segments}: the RFM segments (docs/analytics.md) with their customers,
 * orders and revenue, and their shares, every segment listed even when empty; from the
 * {@code customer_segments} view.
 */
public final class CustomerSegmentsHandler implements JsonAnswer {

    /** The segments in the order the view's rules try them. */
    static final List<String> SEGMENTS = List.of(
            "champions", "loyal", "new", "at_risk", "hibernating", "potential_loyalists", "needs_attention");

    private final Pool pool;

    public CustomerSegmentsHandler(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<JsonObject> answer(RoutingContext ctx) {
        return pool.preparedQuery(AnalyticsSql.SEGMENTS).execute().map(rows -> {
            Map<String, Figures> bySegment = new HashMap<>();
            SEGMENTS.forEach(name -> bySegment.put(name, new Figures(name, 0, 0, BigDecimal.ZERO)));
            OffsetDateTime asOf = null;
            for (Row row : rows) {
                bySegment.put(row.getString(0), new Figures(row.getString(0), row.getLong(1), row.getLong(2), row.getBigDecimal(3)));
                asOf = row.getOffsetDateTime(4);
            }
            long customers = bySegment.values().stream().mapToLong(Figures::customers).sum();
            BigDecimal revenue = bySegment.values().stream().map(Figures::revenue).reduce(BigDecimal.ZERO, BigDecimal::add);
            JsonArray segments = new JsonArray();
            bySegment.values().stream()
                    .sorted(Comparator.comparing(Figures::revenue).reversed().thenComparing(f -> SEGMENTS.indexOf(f.name())))
                    .forEach(f -> segments.add(new JsonObject()
                            .put("segment", f.name())
                            .put("customers", f.customers())
                            .put("customerShare", Ratios.of(f.customers(), customers))
                            .put("orders", f.orders())
                            .put("revenue", Money.normalized(f.revenue()))
                            .put("revenueShare", Ratios.of(f.revenue(), revenue))));
            return new JsonObject()
                    .put("asOf", asOf == null ? null : asOf.toInstant().toString())
                    .put("customers", customers)
                    .put("revenue", Money.normalized(revenue))
                    .put("segments", segments);
        });
    }

    private record Figures(String name, long customers, long orders, BigDecimal revenue) {
    }
}
