package com.shopstream.it;

/**
 * The analytics recomputed from the raw events (and the lines stored with each order event),
 * without the aggregator's orders table or the materialized views: what the API must agree with.
 * An order counts unless an {@code order_cancelled} event for it was read after it (a cancellation
 * read before its order is ignored by the pipeline, as the contract says); orders and their
 * cancellations share a customer key, so they share a partition and offsets give that order.
 */
final class IndependentSql {

    private IndependentSql() {
    }

    private static final String KEPT_ORDERS = """
            WITH placed AS (
                SELECT e.order_id, e.customer_id, e.region, e.occurred_at, e.src_partition, e.src_offset
                FROM events e WHERE e.type = 'order_placed'),
            kept AS (
                SELECT p.*, (SELECT sum(i.quantity * i.unit_price) FROM order_items i
                             WHERE i.order_id = p.order_id AND i.occurred_at = p.occurred_at) AS revenue
                FROM placed p
                WHERE NOT EXISTS (
                    SELECT 1 FROM events c
                    WHERE c.type = 'order_cancelled' AND c.order_id = p.order_id
                      AND (c.src_partition, c.src_offset) > (p.src_partition, p.src_offset)))
            """;

    /**
     * Kept orders' distinct products ({@code baskets}), the orders holding each ({@code counts}) and
     * each ordered pair of distinct products with the orders holding both and all kept orders with a
     * line ({@code pairs}). An order's products are looked up per order: joined on (order_id,
     * occurred_at) instead, two keys the planner takes as independent, the whole store's baskets were
     * estimated at one row and the plan rescanned the cancellations for every order.
     */
    private static final String KEPT_PAIRS = KEPT_ORDERS + """
            , baskets AS (
                SELECT DISTINCT k.order_id, unnest(ARRAY(
                    SELECT i.product_id FROM order_items i
                    WHERE i.order_id = k.order_id AND i.occurred_at = k.occurred_at)) AS product_id
                FROM kept k),
            counts AS (SELECT product_id, count(*) AS orders FROM baskets GROUP BY product_id),
            pairs AS (
                SELECT a.product_id AS a, b.product_id AS b, count(*) AS together,
                       (SELECT count(DISTINCT order_id) FROM baskets) AS total
                FROM baskets a JOIN baskets b ON a.order_id = b.order_id AND a.product_id <> b.product_id
                GROUP BY 1, 2)
            """;

    /** Per customer: first and last order, orders, revenue and RFM scores by the documented rank rule. */
    static final String CUSTOMER_RFM = KEPT_ORDERS + """
            , stats AS (
                SELECT customer_id, min(occurred_at) AS first_order_at, max(occurred_at) AS last_order_at,
                       count(*) AS orders, sum(revenue) AS revenue
                FROM kept GROUP BY customer_id),
            ranked AS (
                SELECT s.*, rank() OVER (ORDER BY last_order_at) AS r, rank() OVER (ORDER BY orders) AS f,
                       rank() OVER (ORDER BY revenue) AS m, count(*) OVER () AS n
                FROM stats s)
            SELECT customer_id, first_order_at, last_order_at, orders, revenue,
                   1 + (5 * (r - 1)) / n AS recency, 1 + (5 * (f - 1)) / n AS frequency, 1 + (5 * (m - 1)) / n AS monetary
            FROM ranked""";

    /** Rows where the customer_rfm view and the recomputation disagree. */
    static final String RFM_MISMATCHES = "WITH independent AS (" + CUSTOMER_RFM + """
            )
            SELECT count(*) FROM independent i FULL JOIN customer_rfm v USING (customer_id)
            WHERE i.customer_id IS NULL OR v.customer_id IS NULL
               OR (i.first_order_at, i.last_order_at, i.orders, i.revenue, i.recency, i.frequency, i.monetary)
                  IS DISTINCT FROM (v.first_order_at, v.last_order_at, v.orders, v.revenue, v.recency, v.frequency, v.monetary)""";

    /** Week cohorts starting in [$1, $2): cohort, weeks since, customers active. */
    static final String WEEK_COHORTS = KEPT_ORDERS + """
            , active AS (SELECT DISTINCT customer_id, date_trunc('week', occurred_at, 'UTC') AS week FROM kept),
            firsts AS (SELECT customer_id, min(week) AS cohort FROM active GROUP BY customer_id)
            SELECT f.cohort, ((a.week::date - f.cohort::date) / 7)::int AS period, count(*)
            FROM firsts f JOIN active a USING (customer_id)
            WHERE f.cohort >= $1 AND f.cohort < $2
            GROUP BY 1, 2 ORDER BY 1, 2""";

    /** Rows where the cohort_activity view and the cohorts of both period kinds recomputed from every kept order disagree. */
    static final String COHORT_MISMATCHES = "WITH independent AS (" + KEPT_ORDERS + """
                , active AS (
                    SELECT DISTINCT customer_id, p.period, date_trunc(p.period, occurred_at, 'UTC') AS active_in
                    FROM kept, (VALUES ('week'), ('month')) AS p(period)),
                firsts AS (SELECT customer_id, period, min(active_in) AS cohort FROM active GROUP BY 1, 2)
                SELECT f.period, f.cohort, a.active_in, count(*) AS customers
                FROM firsts f JOIN active a USING (customer_id, period) GROUP BY 1, 2, 3)
            SELECT count(*) FROM independent i FULL JOIN cohort_activity v USING (period, cohort, active_in)
            WHERE i.customers IS DISTINCT FROM v.customers""";

    /**
     * Rows where the product_region_popularity view and the units and distinct customers of the kept
     * orders' lines since its window's start, per region and product, disagree.
     */
    static final String POPULARITY_MISMATCHES = "WITH independent AS (" + KEPT_ORDERS + """
                SELECT k.region, i.product_id, sum(i.quantity) AS units, count(DISTINCT k.customer_id) AS customers
                FROM kept k JOIN order_items i ON i.order_id = k.order_id AND i.occurred_at = k.occurred_at
                WHERE k.occurred_at >= (SELECT starts_at FROM product_region_window)
                GROUP BY 1, 2)
            SELECT count(*) FROM independent i FULL JOIN product_region_popularity v ON v.region = i.region AND v.product_id = i.product_id
            WHERE (i.units, i.customers) IS DISTINCT FROM (v.units_7d, v.customers_7d)""";

    /** Orders that were kept, in all. */
    static final String KEPT_ORDER_COUNT = KEPT_ORDERS + " SELECT count(*) FROM kept";

    /**
     * Rows where the product_pairs view and the pairs recomputed from every kept order disagree, in
     * orders together, orders with either product or kept orders in all.
     */
    static final String BASKET_MISMATCHES = "WITH independent AS (" + KEPT_PAIRS + """
                SELECT p.a, p.b, p.together, ca.orders AS a_orders, cb.orders AS b_orders, p.total
                FROM pairs p JOIN counts ca ON ca.product_id = p.a JOIN counts cb ON cb.product_id = p.b)
            SELECT count(*) FROM independent i FULL JOIN product_pairs v ON v.product_id = i.a AND v.other_id = i.b
            WHERE i.a IS NULL OR v.product_id IS NULL
               OR (i.together, i.a_orders, i.b_orders, i.total)
                  IS DISTINCT FROM (v.orders, v.product_orders, v.other_orders, v.total_orders)""";

    /** Rules A → B with confidence of at least $1: A, B, orders together, orders with A, orders with B, kept orders. */
    static final String PAIRS = KEPT_PAIRS + """
            SELECT p.a, p.b, p.together, ca.orders, cb.orders, p.total
            FROM pairs p JOIN counts ca ON ca.product_id = p.a JOIN counts cb ON cb.product_id = p.b
            WHERE p.together >= $1::numeric * ca.orders
            ORDER BY p.together DESC, p.a, p.b
            LIMIT $2""";
}
