package com.shopstream.query.analytics;

/**
 * The statements of the analytics endpoints. Heavy answers come from the materialized views the
 * aggregator refreshes (each answer carries the view's refresh time as {@code asOf}); what must be
 * current to the last batch (stock, a customer's orders) is read from the live tables.
 */
final class AnalyticsSql {

    private AnalyticsSql() {
    }

    static String refreshedAt(String view) {
        return "(SELECT refreshed_at FROM view_refreshes WHERE view_name = '" + view + "')";
    }

    /** Cohorts of one period kind ({@code $1}) starting in [{@code $2}, {@code $3}), at most {@code $4} of them. */
    static final String COHORTS = """
            WITH chosen AS (
                SELECT DISTINCT cohort FROM cohort_activity
                WHERE period = $1 AND cohort >= $2 AND cohort < $3
                ORDER BY cohort LIMIT $4)
            SELECT a.cohort, a.active_in, a.customers, %s
            FROM cohort_activity a JOIN chosen USING (cohort)
            WHERE a.period = $1
            ORDER BY a.cohort, a.active_in""".formatted(refreshedAt("cohort_activity"));

    static final String SEGMENTS = """
            SELECT segment, customers, orders, revenue, %s FROM customer_segments""".formatted(refreshedAt("customer_segments"));

    static final String CUSTOMER_RFM = """
            SELECT recency, frequency, monetary, segment, %s FROM customer_rfm WHERE customer_id = $1"""
            .formatted(refreshedAt("customer_rfm"));

    /** A customer's live history: orders and spend net of cancellations, and cancelled orders. */
    static final String CUSTOMER_HISTORY = """
            SELECT count(*) FILTER (WHERE cancelled_at IS NULL),
                   coalesce(sum(revenue) FILTER (WHERE cancelled_at IS NULL), 0),
                   count(*) FILTER (WHERE cancelled_at IS NOT NULL),
                   min(occurred_at) FILTER (WHERE cancelled_at IS NULL),
                   max(occurred_at) FILTER (WHERE cancelled_at IS NULL)
            FROM orders WHERE customer_id = $1""";

    static final String CUSTOMER_RECENT_ORDERS = """
            SELECT order_id, occurred_at, region, revenue, units, cancelled_at
            FROM orders WHERE customer_id = $1
            ORDER BY occurred_at DESC, order_id DESC LIMIT $2""";

    static final String CUSTOMER_BASE = "SELECT customers, churned, as_of FROM customer_base";

    /** Partners of product {@code $1} by orders together, after the cursor ({@code $2} orders, {@code $3} id). */
    static final String BOUGHT_TOGETHER = """
            SELECT p.other_id, pr.name, c.name, p.orders, p.product_orders, p.other_orders, p.total_orders, %s
            FROM product_pairs p
            LEFT JOIN products pr ON pr.id = p.other_id
            LEFT JOIN categories c ON c.id = pr.category_id
            WHERE p.product_id = $1
              AND ($2::bigint IS NULL OR p.orders < $2 OR (p.orders = $2 AND p.other_id > $3))
            ORDER BY p.orders DESC, p.other_id
            LIMIT $4""".formatted(refreshedAt("product_pairs"));

    static final String PRODUCT_EXISTS = "SELECT 1 FROM products WHERE id = $1";

    static final String BASKET_TOTAL = "SELECT orders FROM basket_total";

    /**
     * Rules A → B with at least {@code $1} orders together and confidence of at least {@code $2}, by
     * orders together, after the cursor ({@code $3} orders, {@code $4} A, {@code $5} B). The bound on
     * orders lets the scan of the orders index stop where support falls below the minimum.
     */
    static final String BASKET_RULES = """
            SELECT p.product_id, pa.name, p.other_id, pb.name, p.orders, p.product_orders, p.other_orders, p.total_orders, %s
            FROM product_pairs p
            LEFT JOIN products pa ON pa.id = p.product_id
            LEFT JOIN products pb ON pb.id = p.other_id
            WHERE p.orders >= $1 AND p.orders >= $2::numeric * p.product_orders
              AND ($3::bigint IS NULL OR p.orders < $3 OR (p.orders = $3 AND (p.product_id, p.other_id) > ($4, $5)))
            ORDER BY p.orders DESC, p.product_id, p.other_id
            LIMIT $6""".formatted(refreshedAt("product_pairs"));

    /**
     * Products whose stock projected {@code $3} days ahead at their 7-day sales velocity falls below
     * their reorder point ({@code $1} lead-time days plus {@code $2} safety days of sales), most
     * urgent (fewest days of cover) first, after the cursor ({@code $5} days of cover, {@code $6} id).
     */
    static final String INVENTORY_ALERTS = """
            WITH stock AS (
                SELECT p.id, p.name, c.name AS category, stock_of(p.id) AS stock, coalesce(v.units_7d, 0) AS units_7d,
                       coalesce(v.units_7d, 0) / 7.0 AS velocity
                FROM products p
                JOIN categories c ON c.id = p.category_id
                LEFT JOIN product_velocity v ON v.product_id = p.id),
            planned AS (
                SELECT s.*,
                       ceil(velocity * ($1::int + $2::int))::bigint AS reorder_point,
                       stock - velocity * $3::int AS projected,
                       CASE WHEN stock <= 0 THEN 0 WHEN velocity = 0 THEN NULL ELSE round(stock / velocity, 2) END AS cover
                FROM stock s)
            SELECT id, name, category, stock, units_7d, round(velocity, 3), cover, reorder_point, round(projected, 1),
                   greatest(0, ceil(reorder_point + velocity * $4::int - projected))::bigint, %s
            FROM planned
            WHERE projected < reorder_point
              AND ($5::numeric IS NULL OR (cover, id) > ($5::numeric, $6::bigint))
            ORDER BY cover, id
            LIMIT $7""".formatted(refreshedAt("product_velocity"));

    /** Fraud signals of orders in [{@code $1}, {@code $2}), optionally of one rule ({@code $3}), newest first, after the cursor. */
    static final String FRAUD_FLAGS = """
            SELECT order_id, rule, customer_id, occurred_at, region, revenue, reason, flagged_at
            FROM fraud_flags
            WHERE occurred_at >= $1 AND occurred_at < $2 AND ($3::text IS NULL OR rule = $3)
              AND ($4::timestamptz IS NULL OR (occurred_at, order_id, rule) < ($4, $5::bigint, $6::text))
            ORDER BY occurred_at DESC, order_id DESC, rule DESC
            LIMIT $7""";
}
