package com.shopstream.query;

/** Every statement query-api runs against PostgreSQL. */
final class QuerySql {

    private QuerySql() {
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

    static final String PRODUCTS_PAGE = """
            SELECT p.id, p.name, c.name, p.brand, p.price, stock_of(p.id)
            FROM products p JOIN categories c ON c.id = p.category_id
            WHERE p.id > $1 AND ($2::text IS NULL OR c.name = $2)
            ORDER BY p.id
            LIMIT $3""";

    static final String PRODUCT_SUMMARIES = """
            SELECT p.id, p.name, c.name FROM products p JOIN categories c ON c.id = p.category_id
            WHERE p.id = ANY($1::bigint[])""";

    static final String PIPELINE_PROGRESS = """
            SELECT partition, next_offset, events_stored, duplicates_dropped, late_events, dead_lettered,
                   max_event_time, updated_at, cancellations_applied, cancellations_ignored
            FROM partition_progress WHERE consumer_group = $1 AND topic = $2""";

    /**
     * Each view's last refresh; for the hour and day sales, also the hours still waiting to be
     * recomputed and since when (its staleness; answers stay exact meanwhile).
     */
    static final String VIEW_REFRESHES = """
            SELECT r.view_name, r.refreshed_at, r.duration_ms, r.refreshes, r.last_error, r.last_error_at,
                   d.pending, d.oldest
            FROM view_refreshes r
            LEFT JOIN (SELECT 'sales_hour_day'::text AS view_name, count(DISTINCT bucket) AS pending, min(first_touched_at) AS oldest
                       FROM sales_dirty_hours) d USING (view_name)
            ORDER BY r.view_name""";

    static final String PING = "SELECT 1";

    static final String CREATE_API_KEY = """
            INSERT INTO api_keys (name, prefix, key_hash, scopes, rate_limits) VALUES ($1, $2, $3, $4, $5)
            RETURNING id, name, prefix, scopes, rate_limits, created_at, revoked_at""";

    /** Keys after id {@code $1}, revoked ones too when {@code $2}, at most {@code $3}. */
    static final String LIST_API_KEYS = """
            SELECT id, name, prefix, scopes, rate_limits, created_at, revoked_at FROM api_keys
            WHERE id > $1 AND ($2 OR revoked_at IS NULL) ORDER BY id LIMIT $3""";

    /** Revokes key {@code $1}; a key revoked before keeps its first revocation time. No row: no such key. */
    static final String REVOKE_API_KEY = """
            UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING revoked_at""";

    static final String SHARED_SECRET = """
            WITH created AS (INSERT INTO shared_secrets (name, secret) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING secret)
            SELECT secret FROM created UNION ALL SELECT secret FROM shared_secrets WHERE name = $1 LIMIT 1""";
}
