package com.shopstream.query.analytics;

import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.ReadEndpoint;
import io.vertx.core.Future;
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
public final class CustomerSegmentsHandler implements ReadEndpoint {

    /** The segments in the order the view's rules try them. */
    static final List<String> SEGMENTS = List.of(
            "champions", "loyal", "new", "at_risk", "hibernating", "potential_loyalists", "needs_attention");

    private final Pool pool;

    public CustomerSegmentsHandler(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<SegmentSummary> answer(Parameters params) {
        return pool.preparedQuery(AnalyticsSql.SEGMENTS).execute().map(rows -> {
            Map<String, SegmentSummary.Segment> bySegment = new HashMap<>();
            SEGMENTS.forEach(name -> bySegment.put(name, new SegmentSummary.Segment(name, 0, 0, BigDecimal.ZERO)));
            OffsetDateTime asOf = null;
            for (Row row : rows) {
                bySegment.put(row.getString(0),
                        new SegmentSummary.Segment(row.getString(0), row.getLong(1), row.getLong(2), row.getBigDecimal(3)));
                asOf = row.getOffsetDateTime(4);
            }
            long customers = bySegment.values().stream().mapToLong(SegmentSummary.Segment::customers).sum();
            BigDecimal revenue = bySegment.values().stream().map(SegmentSummary.Segment::revenue).reduce(BigDecimal.ZERO, BigDecimal::add);
            List<SegmentSummary.Segment> byRevenue = bySegment.values().stream()
                    .sorted(Comparator.comparing(SegmentSummary.Segment::revenue).reversed()
                            .thenComparing(segment -> SEGMENTS.indexOf(segment.name())))
                    .toList();
            return new SegmentSummary(asOf, customers, revenue, byRevenue);
        });
    }
}
