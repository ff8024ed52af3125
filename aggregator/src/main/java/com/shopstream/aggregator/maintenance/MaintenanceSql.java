package com.shopstream.aggregator.maintenance;

import java.util.List;

/** The statements of the view maintenance and of the planner statistics. */
final class MaintenanceSql {

    private MaintenanceSql() {
    }

    static final String ANALYZE_PARTITIONED_TABLES = "SELECT analyze_partitioned_tables()";

    static final String SUMMARIZE_BRIN_INDEXES = "SELECT summarize_brin_indexes()";

    /** The committed marks of touched hours (see {@code MARK_DIRTY_HOURS}), read without locking them. */
    static final String READ_DIRTY_HOURS = "SELECT bucket, src_partition, touches FROM sales_dirty_hours";

    /**
     * Clears the marks read ({@code $1} hours, {@code $2} partitions, {@code $3} touches) that no batch
     * has touched since: a batch that marked one again in the meantime, committed or still open (the
     * delete waits for it, then sees its count), leaves its mark for the next round.
     */
    static final String CLEAR_DIRTY_HOURS = """
            DELETE FROM sales_dirty_hours d
            USING unnest($1::timestamptz[], $2::int[], $3::bigint[]) AS m(bucket, src_partition, touches)
            WHERE d.bucket = m.bucket AND d.src_partition = m.src_partition AND d.touches = m.touches""";

    /**
     * Recomputes the hour rollups of the touched hours ({@code $1}) from the minute rollups, then the
     * day rollups of their days from the hour rollups.
     */
    static final List<String> RECOMPUTE_TOUCHED = List.of(
            "DELETE FROM sales_by_region_hour WHERE bucket = ANY($1::timestamptz[])",
            """
            INSERT INTO sales_by_region_hour (bucket, region, revenue, orders, units)
            SELECT h.hour, m.region, sum(m.revenue), sum(m.orders), sum(m.units)
            FROM unnest($1::timestamptz[]) AS h(hour)
            JOIN sales_by_region_minute m ON m.bucket >= h.hour AND m.bucket < h.hour + interval '1 hour'
            GROUP BY 1, 2""",
            "DELETE FROM sales_by_category_region_hour WHERE bucket = ANY($1::timestamptz[])",
            """
            INSERT INTO sales_by_category_region_hour (bucket, category, region, revenue, orders, units)
            SELECT h.hour, m.category, m.region, sum(m.revenue), sum(m.orders), sum(m.units)
            FROM unnest($1::timestamptz[]) AS h(hour)
            JOIN sales_by_category_region_minute m ON m.bucket >= h.hour AND m.bucket < h.hour + interval '1 hour'
            GROUP BY 1, 2, 3""",
            """
            DELETE FROM sales_by_region_day
            WHERE bucket IN (SELECT date_trunc('day', h, 'UTC') FROM unnest($1::timestamptz[]) AS h)""",
            """
            INSERT INTO sales_by_region_day (bucket, region, revenue, orders, units)
            SELECT d.day, h.region, sum(h.revenue), sum(h.orders), sum(h.units)
            FROM (SELECT DISTINCT date_trunc('day', t, 'UTC') AS day FROM unnest($1::timestamptz[]) AS t) d
            JOIN sales_by_region_hour h ON h.bucket >= d.day AND h.bucket < d.day + interval '24 hours'
            GROUP BY 1, 2""",
            """
            DELETE FROM sales_by_category_region_day
            WHERE bucket IN (SELECT date_trunc('day', h, 'UTC') FROM unnest($1::timestamptz[]) AS h)""",
            """
            INSERT INTO sales_by_category_region_day (bucket, category, region, revenue, orders, units)
            SELECT d.day, h.category, h.region, sum(h.revenue), sum(h.orders), sum(h.units)
            FROM (SELECT DISTINCT date_trunc('day', t, 'UTC') AS day FROM unnest($1::timestamptz[]) AS t) d
            JOIN sales_by_category_region_hour h ON h.bucket >= d.day AND h.bucket < d.day + interval '24 hours'
            GROUP BY 1, 2, 3""");

    /** Raises the session's backend's nice value to {@code $1} (never lowers it); null without the prioritize extension. */
    static final String LOWER_BACKEND_PRIORITY = "SELECT lower_backend_priority($1)";

    /** How many offsets the partitions have committed: a derived view that read this much is current. */
    static final String INPUT_VERSION = "SELECT coalesce(sum(next_offset), 0)::bigint FROM partition_progress";

    /** Folds the orders placed and cancelled since the last call into the basket, cohort and customer counts; returns how many. */
    static final String FOLD_ORDER_CHANGES = "SELECT fold_order_changes()";

    /** Recomputes the quintile cutoffs that {@code customer_rfm} scores its customers' kept orders against. */
    static final String REFRESH_RFM_CUTOFFS = "SELECT refresh_rfm_cutoffs()";

    /** Moves {@code product_region_popularity}'s seven days to the hour and takes out what fell out of them. */
    static final String REFRESH_PRODUCT_REGION_WINDOW = "SELECT refresh_product_region_window(now())";

    /** Per refreshed view ({@code $1}): its last refresh, and the input version it would read now. */
    static final String REFRESH_STATE = """
            SELECT v.name, r.refreshed_at, coalesce(r.duration_ms, 0), coalesce(r.input_version, 0),
                   (SELECT coalesce(sum(next_offset), 0) FROM partition_progress)::bigint,
                   (SELECT coalesce(sum(duration_ms), 0) FROM view_refreshes WHERE view_name <> $2)::bigint
            FROM unnest($1::text[]) WITH ORDINALITY AS v(name, position)
            LEFT JOIN view_refreshes r ON r.view_name = v.name
            ORDER BY v.position""";

    static final String RECORD_REFRESH = """
            INSERT INTO view_refreshes AS r (view_name, refreshed_at, duration_ms, input_version, refreshes)
            VALUES ($1, $2, $3, $4, 1)
            ON CONFLICT (view_name) DO UPDATE SET refreshed_at = excluded.refreshed_at,
                duration_ms = excluded.duration_ms, input_version = excluded.input_version, refreshes = r.refreshes + 1""";

    static final String RECORD_FAILURE = """
            INSERT INTO view_refreshes AS r (view_name, last_error, last_error_at)
            VALUES ($1, $2, now())
            ON CONFLICT (view_name) DO UPDATE SET last_error = excluded.last_error, last_error_at = excluded.last_error_at""";
}
