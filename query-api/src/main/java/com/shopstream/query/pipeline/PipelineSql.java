package com.shopstream.query.pipeline;

/** The statements of the pipeline status and health: progress per partition, view refreshes, a ping. */
final class PipelineSql {

    private PipelineSql() {
    }

    static final String PIPELINE_PROGRESS = """
            SELECT partition, next_offset, events_stored, duplicates_dropped, late_events, dead_lettered,
                   max_event_time, updated_at, cancellations_applied, cancellations_ignored, offsets_skipped
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
}
