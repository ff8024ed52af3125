package com.shopstream.query.sales;

/** The statements of sales over time: series from the rollups, the funnel, and the history anomalies and forecasts compare with. */
final class SalesSql {

    private SalesSql() {
    }

    /**
     * Sales per bucket ({@code $1} minute, hour or day) over [{@code $2}, {@code $3}), optionally of
     * one region ({@code $4}) and category ({@code $5}). Hour and day rollups are recomputed by the
     * view maintenance for the hours batches have marked since its last round; until then, a marked
     * hour is read from the minute rollups, and the rest of its day from the hour rollups, so the
     * answer is exact whatever the maintenance's progress.
     */
    static String timeseries(Granularity granularity, boolean byCategory) {
        String rollup = byCategory ? "sales_by_category_region_" : "sales_by_region_";
        String filter = "($4::text IS NULL OR x.region = $4)" + (byCategory ? " AND x.category = $5" : "");
        String parts = switch (granularity) {
            case MINUTE -> part(rollup + "minute", filter, "");
            case HOUR -> part(rollup + "hour", filter, "AND NOT " + dirtyWithin("interval '1 hour'"))
                    + "UNION ALL\n" + dirtyMinutes(rollup, filter);
            case DAY -> part(rollup + "day", filter, "AND NOT " + dirtyWithin("interval '24 hours'"))
                    + "UNION ALL\n" + part(rollup + "hour", filter,
                    "AND EXISTS (SELECT 1 FROM sales_dirty_hours d WHERE d.bucket >= date_trunc('day', x.bucket, 'UTC')"
                            + " AND d.bucket < date_trunc('day', x.bucket, 'UTC') + interval '24 hours')\n"
                            + "  AND NOT " + dirtyWithin("interval '1 hour'"))
                    + "UNION ALL\n" + dirtyMinutes(rollup, filter);
        };
        return "SELECT date_trunc($1, bucket, 'UTC') AS b, sum(revenue), sum(orders), sum(units)\n"
                + "FROM (\n" + parts + ") AS parts\n"
                + "GROUP BY 1 ORDER BY 1";
    }

    private static String part(String table, String filter, String condition) {
        return "SELECT x.bucket, x.revenue, x.orders, x.units FROM " + table + " x\n"
                + "WHERE x.bucket >= $2 AND x.bucket < $3 AND " + filter + "\n" + condition + "\n";
    }

    private static String dirtyWithin(String length) {
        return "EXISTS (SELECT 1 FROM sales_dirty_hours d WHERE d.bucket >= x.bucket AND d.bucket < x.bucket + " + length + ")";
    }

    private static String dirtyMinutes(String rollup, String filter) {
        return "SELECT x.bucket, x.revenue, x.orders, x.units FROM (SELECT DISTINCT bucket FROM sales_dirty_hours) d\n"
                + "JOIN " + rollup + "minute x ON x.bucket >= d.bucket AND x.bucket < d.bucket + interval '1 hour'\n"
                + "WHERE d.bucket >= date_trunc('hour', $2::timestamptz, 'UTC') AND d.bucket < $3\n"
                + "  AND x.bucket >= $2 AND x.bucket < $3 AND " + filter + "\n";
    }

    /**
     * Sessions that started in the hours of [{@code $1}, {@code $2}) by the level of the funnel
     * they reached, for all categories ({@code $3} = '') or one, optionally of one region ({@code $4}).
     */
    static final String FUNNEL = """
            SELECT level, sum(sessions)::bigint FROM funnel_hourly
            WHERE category = $3 AND bucket >= $1 AND bucket < $2 AND ($4::text IS NULL OR region = $4)
            GROUP BY level""";

    /**
     * Sales per minute over [{@code $1}, {@code $2}) and the same span on each of the {@code $3}
     * days before, optionally of one region ({@code $4}) and category ({@code $5}).
     */
    static String minutesOverDays(boolean byCategory) {
        return "SELECT m.bucket, sum(m.revenue), sum(m.orders), sum(m.units)\n"
                + "FROM generate_series(0, $3::int) AS k\n"
                + "JOIN " + (byCategory ? "sales_by_category_region_minute" : "sales_by_region_minute") + " m\n"
                + "  ON m.bucket >= $1::timestamptz - k * interval '1 day' AND m.bucket < $2::timestamptz - k * interval '1 day'\n"
                + "WHERE ($4::text IS NULL OR m.region = $4)" + (byCategory ? " AND m.category = $5" : "") + "\n"
                + "GROUP BY 1";
    }

    static final String FIRST_SALES_MINUTE = "SELECT min(bucket) FROM sales_by_region_minute";
}
