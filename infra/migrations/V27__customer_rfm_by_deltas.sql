-- RFM without reading every order. customer_rfm was a materialized view that grouped every kept
-- order by customer, ranked the customers three times, and was refreshed CONCURRENTLY: a full diff
-- of every customer's row. On a fresh benchmark store (300,000 orders, 100,000 customers) a refresh
-- took 1.9 s idle and 4.3 s under load, every minute or so, and the grouping grows with the history.
--
-- Now each customer's kept orders (first, last, count, revenue) are a row of customer_orders, kept
-- by the fold of the order changes (V24) like the baskets and cohorts. The scores need each
-- customer's rank among all of them; a refresh now stores only the quintile cutoffs (rfm_cutoffs,
-- three sorts of the customers) and customer_rfm becomes a plain view scoring each customer's row
-- against them, with the columns it had. The scores equal the ranking's exactly for the customers
-- as they were at the refresh: with rank() giving ties the lowest rank, 1 + 5 * (rank - 1) / n is
-- above k exactly when at least ceil(k * n / 5) customers have a lower value, that is when the
-- value is above the one at that position in sorted order. A customer whose orders moved since is
-- scored against the cutoffs of the last refresh.

-- The fold and the refresh of the cutoffs are the view maintenance's, which takes this advisory
-- lock per round: none runs while this migration fills the table, so the order changes it leaves
-- in place are the ones the first fold takes.
SELECT pg_advisory_xact_lock(hashtext('shopstream.views'));

CREATE TABLE customer_orders (
    customer_id    bigint      PRIMARY KEY,
    first_order_at timestamptz NOT NULL,
    last_order_at  timestamptz NOT NULL,
    orders         bigint      NOT NULL CHECK (orders > 0),
    revenue        numeric     NOT NULL
) WITH (fillfactor = 80);

-- Every kept order, less the changes not folded yet: the first fold adds them back. One statement,
-- so the orders and the changes are read in one snapshot.
INSERT INTO customer_orders (customer_id, first_order_at, last_order_at, orders, revenue)
SELECT customer_id, min(occurred_at), max(occurred_at), sum(orders), sum(revenue)
FROM (SELECT customer_id, occurred_at, 1 AS orders, revenue FROM orders WHERE cancelled_at IS NULL
      UNION ALL
      SELECT o.customer_id, o.occurred_at, -c.change, -c.change * o.revenue
      FROM order_changes c JOIN orders o ON o.order_id = c.order_id AND o.occurred_at = c.occurred_at) kept
GROUP BY customer_id
HAVING sum(orders) > 0;
ANALYZE customer_orders;

-- The values at positions ceil(k * customers / 5), k = 1 to 4, of the customers' last order times,
-- order counts and revenues in ascending order. One row.
CREATE TABLE rfm_cutoffs (
    one       boolean       PRIMARY KEY DEFAULT true CHECK (one),
    customers bigint        NOT NULL,
    recency   timestamptz[],
    frequency bigint[],
    monetary  numeric[]
);

CREATE FUNCTION refresh_rfm_cutoffs() RETURNS bigint
LANGUAGE sql AS $$
    WITH n AS (SELECT count(*) AS customers FROM customer_orders),
    positions AS (SELECT k, (k * customers + 4) / 5 AS position FROM n, generate_series(1, 4) AS k),
    ranked AS (
        SELECT row_number() OVER (ORDER BY last_order_at) AS r, last_order_at,
               row_number() OVER (ORDER BY orders) AS f, orders,
               row_number() OVER (ORDER BY revenue) AS m, revenue
        FROM customer_orders)
    INSERT INTO rfm_cutoffs AS c (one, customers, recency, frequency, monetary)
    SELECT true, (SELECT customers FROM n),
           (SELECT array_agg(last_order_at ORDER BY k) FROM positions JOIN ranked ON r = position),
           (SELECT array_agg(orders ORDER BY k) FROM positions JOIN ranked ON f = position),
           (SELECT array_agg(revenue ORDER BY k) FROM positions JOIN ranked ON m = position)
    ON CONFLICT (one) DO UPDATE
    SET customers = excluded.customers, recency = excluded.recency, frequency = excluded.frequency, monetary = excluded.monetary
    RETURNING customers;
$$;
SELECT refresh_rfm_cutoffs();

-- 1 plus the number of cutoffs the value is above.
CREATE FUNCTION rfm_score(value anycompatible, cutoffs anycompatiblearray) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (1 + (value > cutoffs[1])::int + (value > cutoffs[2])::int + (value > cutoffs[3])::int + (value > cutoffs[4])::int)::smallint
$$;

-- Folds the customers' kept orders too (V24's fold, and the MERGE and UPDATE on customer_orders).
CREATE OR REPLACE FUNCTION fold_order_changes() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    changed_orders     bigint[];
    changed_times      timestamptz[];
    changed_customers  bigint[];
    changed_changes    integer[];
    changed_revenues   numeric[];
    line_orders        bigint[];
    line_products      bigint[];
    line_changes       integer[];
    activity_customers bigint[];
    activity_periods   text[];
    activity_active_in timestamptz[];
    activity_deltas    integer[];
    moved_customers    bigint[];
    before_periods     text[];
    before_cohorts     timestamptz[];
    before_active_in   timestamptz[];
BEGIN
    WITH taken AS (
        DELETE FROM order_changes RETURNING order_id, occurred_at, change),
    net AS (
        SELECT order_id, occurred_at, sum(change)::integer AS change FROM taken
        GROUP BY 1, 2 HAVING sum(change) <> 0)
    SELECT array_agg(n.order_id), array_agg(n.occurred_at), array_agg(o.customer_id), array_agg(n.change), array_agg(o.revenue)
    INTO changed_orders, changed_times, changed_customers, changed_changes, changed_revenues
    FROM net n JOIN orders o ON o.order_id = n.order_id AND o.occurred_at = n.occurred_at;

    IF changed_orders IS NULL THEN
        RETURN 0;
    END IF;

    -- Market baskets: each order's distinct products, and every ordered pair of them.
    SELECT array_agg(order_id), array_agg(product_id), array_agg(change)
    INTO line_orders, line_products, line_changes
    FROM (SELECT DISTINCT c.order_id, i.product_id, c.change
          FROM unnest(changed_orders, changed_times, changed_changes) AS c(order_id, occurred_at, change)
          JOIN order_items i ON i.order_id = c.order_id AND i.occurred_at = c.occurred_at) l;

    IF line_orders IS NOT NULL THEN
        MERGE INTO basket_pairs t
        USING (
            SELECT a.product_id, b.product_id AS other_id, sum(a.change) AS delta
            FROM unnest(line_orders, line_products, line_changes) AS a(order_id, product_id, change)
            JOIN unnest(line_orders, line_products, line_changes) AS b(order_id, product_id, change)
              ON a.order_id = b.order_id AND a.product_id <> b.product_id
            GROUP BY 1, 2 HAVING sum(a.change) <> 0) d
        ON t.product_id = d.product_id AND t.other_id = d.other_id
        WHEN MATCHED AND t.orders + d.delta = 0 THEN DELETE
        WHEN MATCHED THEN UPDATE SET orders = t.orders + d.delta
        WHEN NOT MATCHED THEN INSERT (product_id, other_id, orders) VALUES (d.product_id, d.other_id, d.delta);

        MERGE INTO basket_products t
        USING (
            SELECT product_id, sum(change) AS delta
            FROM unnest(line_products, line_changes) AS l(product_id, change)
            GROUP BY 1 HAVING sum(change) <> 0) d
        ON t.product_id = d.product_id
        WHEN MATCHED AND t.orders + d.delta = 0 THEN DELETE
        WHEN MATCHED THEN UPDATE SET orders = t.orders + d.delta
        WHEN NOT MATCHED THEN INSERT (product_id, orders) VALUES (d.product_id, d.delta);

        UPDATE basket_total SET orders = orders + (
            SELECT sum(change) FROM (
                SELECT DISTINCT order_id, change FROM unnest(line_orders, line_changes) AS l(order_id, change)) o);
    END IF;

    -- Cohorts: a customer's activity by week and month. Most changes only move a count; a customer
    -- whose weeks or months themselves change (one gained, or lost to a cancellation) has their
    -- cohort rows taken out as they were and put back as they are, since a first order placed late
    -- or cancelled moves every row of the customer.
    SELECT array_agg(customer_id), array_agg(period), array_agg(active_in), array_agg(delta)
    INTO activity_customers, activity_periods, activity_active_in, activity_deltas
    FROM (SELECT c.customer_id, p.period, date_trunc(p.period, c.occurred_at, 'UTC') AS active_in, sum(c.change)::integer AS delta
          FROM unnest(changed_customers, changed_times, changed_changes) AS c(customer_id, occurred_at, change),
               (VALUES ('week'), ('month')) AS p(period)
          GROUP BY 1, 2, 3 HAVING sum(c.change) <> 0) d;

    SELECT array_agg(DISTINCT d.customer_id) INTO moved_customers
    FROM unnest(activity_customers, activity_periods, activity_active_in, activity_deltas) AS d(customer_id, period, active_in, delta)
    LEFT JOIN customer_activity t ON t.customer_id = d.customer_id AND t.period = d.period AND t.active_in = d.active_in
    WHERE t.customer_id IS NULL OR t.orders + d.delta = 0;

    SELECT array_agg(a.period), array_agg(a.cohort), array_agg(a.active_in)
    INTO before_periods, before_cohorts, before_active_in
    FROM (SELECT period, min(active_in) OVER (PARTITION BY customer_id, period) AS cohort, active_in
          FROM customer_activity WHERE customer_id = ANY (moved_customers)) a;

    MERGE INTO customer_activity t
    USING unnest(activity_customers, activity_periods, activity_active_in, activity_deltas) AS d(customer_id, period, active_in, delta)
    ON t.customer_id = d.customer_id AND t.period = d.period AND t.active_in = d.active_in
    WHEN MATCHED AND t.orders + d.delta = 0 THEN DELETE
    WHEN MATCHED THEN UPDATE SET orders = t.orders + d.delta
    WHEN NOT MATCHED THEN INSERT (customer_id, period, active_in, orders) VALUES (d.customer_id, d.period, d.active_in, d.delta);

    IF moved_customers IS NOT NULL THEN
        MERGE INTO cohort_counts t
        USING (
            SELECT period, cohort, active_in, sum(delta) AS delta
            FROM (SELECT period, cohort, active_in, -1 AS delta
                  FROM unnest(before_periods, before_cohorts, before_active_in) AS b(period, cohort, active_in)
                  UNION ALL
                  SELECT period, min(active_in) OVER (PARTITION BY customer_id, period), active_in, 1
                  FROM customer_activity WHERE customer_id = ANY (moved_customers)) rows
            GROUP BY 1, 2, 3 HAVING sum(delta) <> 0) d
        ON t.period = d.period AND t.cohort = d.cohort AND t.active_in = d.active_in
        WHEN MATCHED AND t.customers + d.delta = 0 THEN DELETE
        WHEN MATCHED THEN UPDATE SET customers = t.customers + d.delta
        WHEN NOT MATCHED THEN INSERT (period, cohort, active_in, customers) VALUES (d.period, d.cohort, d.active_in, d.delta);
    END IF;

    -- Customers' kept orders: counts and revenue by delta, first and last order by delta where orders
    -- were only added. A customer who lost an order to a cancellation has them read back from the
    -- orders; that read may already see orders whose changes the next fold takes, which moves them
    -- no further (least and greatest of the same times).
    MERGE INTO customer_orders t
    USING (
        SELECT customer_id,
               min(occurred_at) FILTER (WHERE change > 0) AS first_order_at,
               max(occurred_at) FILTER (WHERE change > 0) AS last_order_at,
               sum(change) AS orders,
               sum(change * revenue) AS revenue
        FROM unnest(changed_customers, changed_times, changed_changes, changed_revenues) AS c(customer_id, occurred_at, change, revenue)
        GROUP BY 1) d
    ON t.customer_id = d.customer_id
    WHEN MATCHED AND t.orders + d.orders = 0 THEN DELETE
    WHEN MATCHED THEN UPDATE SET orders = t.orders + d.orders, revenue = t.revenue + d.revenue,
        first_order_at = least(t.first_order_at, d.first_order_at), last_order_at = greatest(t.last_order_at, d.last_order_at)
    WHEN NOT MATCHED AND d.orders > 0 THEN
        INSERT (customer_id, first_order_at, last_order_at, orders, revenue)
        VALUES (d.customer_id, d.first_order_at, d.last_order_at, d.orders, d.revenue);

    UPDATE customer_orders t SET first_order_at = k.first_order_at, last_order_at = k.last_order_at
    FROM (SELECT o.customer_id, min(o.occurred_at) AS first_order_at, max(o.occurred_at) AS last_order_at
          FROM orders o
          WHERE o.customer_id IN (SELECT c.customer_id FROM unnest(changed_customers, changed_changes) AS c(customer_id, change) WHERE c.change < 0)
            AND o.cancelled_at IS NULL
          GROUP BY 1) k
    WHERE t.customer_id = k.customer_id;

    RETURN (SELECT count(DISTINCT o) FROM unnest(changed_orders) AS o);
END;
$$;

-- The columns of the materialized views they replace; customer_segments and customer_base stay
-- materialized, refreshed right after the cutoffs, so that they match them.
DROP MATERIALIZED VIEW customer_rfm CASCADE;

-- Customers are scored once a refresh of the cutoffs has counted any.
CREATE VIEW customer_rfm AS
SELECT s.*,
       CASE
           WHEN recency >= 4 AND frequency >= 4 AND monetary >= 4 THEN 'champions'
           WHEN recency >= 3 AND frequency >= 4 THEN 'loyal'
           WHEN recency >= 4 AND frequency <= 1 THEN 'new'
           WHEN recency <= 2 AND frequency >= 3 THEN 'at_risk'
           WHEN recency <= 2 THEN 'hibernating'
           WHEN recency >= 3 AND frequency >= 2 THEN 'potential_loyalists'
           ELSE 'needs_attention'
       END AS segment
FROM (SELECT o.customer_id, o.first_order_at, o.last_order_at, o.orders, o.revenue,
             rfm_score(o.last_order_at, c.recency) AS recency,
             rfm_score(o.orders, c.frequency)      AS frequency,
             rfm_score(o.revenue, c.monetary)      AS monetary
      FROM customer_orders o JOIN rfm_cutoffs c ON c.customers > 0) s;

CREATE MATERIALIZED VIEW customer_segments AS
SELECT segment, count(*) AS customers, sum(orders) AS orders, sum(revenue) AS revenue
FROM customer_rfm GROUP BY segment;
CREATE UNIQUE INDEX customer_segments_idx ON customer_segments (segment);

CREATE MATERIALIZED VIEW customer_base AS
SELECT 1 AS id,
       count(*)                                                   AS customers,
       count(*) FILTER (WHERE last_order_at < now() - interval '90 days') AS churned,
       coalesce(sum(orders), 0)                                   AS orders,
       coalesce(sum(revenue), 0)                                  AS revenue,
       min(first_order_at)                                        AS observed_since,
       now()                                                      AS as_of
FROM customer_rfm;
CREATE UNIQUE INDEX customer_base_idx ON customer_base (id);
