package com.shopstream.query;

/** Every statement query-api runs against PostgreSQL. */
final class QuerySql {

    private QuerySql() {
    }

    private static String salesByRegion(String rollup) {
        return "SELECT date_trunc($1, bucket, 'UTC') AS b, sum(revenue), sum(orders), sum(units)\n"
                + "FROM sales_by_region_" + rollup + "\n"
                + "WHERE bucket >= $2 AND bucket < $3 AND ($4::text IS NULL OR region = $4)\n"
                + "GROUP BY 1 ORDER BY 1";
    }

    private static String salesByCategory(String rollup) {
        return "SELECT date_trunc($1, bucket, 'UTC') AS b, sum(revenue), sum(orders), sum(units)\n"
                + "FROM sales_by_category_region_" + rollup + "\n"
                + "WHERE bucket >= $2 AND bucket < $3 AND category = $5 AND ($4::text IS NULL OR region = $4)\n"
                + "GROUP BY 1 ORDER BY 1";
    }

    static String timeseries(Granularity granularity, boolean byCategory) {
        return byCategory ? salesByCategory(granularity.rollup()) : salesByRegion(granularity.rollup());
    }

    static final String PRODUCTS_PAGE = """
            SELECT p.id, p.name, c.name, p.brand, p.price, p.stock
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

    static final String PING = "SELECT 1";
}
