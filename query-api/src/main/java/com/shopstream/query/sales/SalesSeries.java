package com.shopstream.query.sales;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** A sales measure per bucket from the rollups, optionally of one region and category, for the statistics endpoints. */
final class SalesSeries {

    /** The measures the statistics run on, by their column in the rollup queries. */
    enum Metric {
        REVENUE(1, 2), ORDERS(2, 2);

        final int column;
        final int scale;

        Metric(int column, int scale) {
            this.column = column;
            this.scale = scale;
        }

        String label() {
            return name().toLowerCase();
        }
    }

    static final Map<String, Metric> METRICS = Map.of("revenue", Metric.REVENUE, "orders", Metric.ORDERS);

    private final Pool pool;
    private final String region;
    private final String category;

    SalesSeries(Pool pool, String region, String category) {
        this.pool = pool;
        this.region = region;
        this.category = category;
    }

    /** Hourly values over [from, to), exact (see {@link SalesSql#timeseries}). */
    Future<Map<Instant, Double>> hourly(Metric metric, Instant from, Instant to) {
        Tuple params = Tuple.of("hour", utc(from), utc(to), region);
        if (category != null) {
            params.addString(category);
        }
        return pool.preparedQuery(SalesSql.timeseries(Granularity.HOUR, category != null)).execute(params)
                .map(rows -> values(rows, metric));
    }

    /** Minute values over [from, to) and the same span on each of the {@code days} days before. */
    Future<Map<Instant, Double>> minutesOverDays(Metric metric, Instant from, Instant to, int days) {
        Tuple params = Tuple.of(utc(from), utc(to), days, region);
        if (category != null) {
            params.addString(category);
        }
        return pool.preparedQuery(SalesSql.minutesOverDays(category != null)).execute(params)
                .map(rows -> values(rows, metric));
    }

    /** The first minute with any sales, or null before the first order. */
    Future<Instant> dataStart() {
        return pool.preparedQuery(SalesSql.FIRST_SALES_MINUTE).execute().map(rows -> {
            OffsetDateTime first = rows.iterator().next().getOffsetDateTime(0);
            return first == null ? null : first.toInstant();
        });
    }

    private static Map<Instant, Double> values(RowSet<Row> rows, Metric metric) {
        Map<Instant, Double> values = new HashMap<>();
        for (Row row : rows) {
            values.put(row.getOffsetDateTime(0).toInstant(), row.getBigDecimal(metric.column).doubleValue());
        }
        return values;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
