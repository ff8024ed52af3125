-- Derived views for analytics, kept fresh by one aggregator at a time (the view maintenance
-- leader, holding an advisory lock). See docs/decisions/0005-views-and-their-refresh.md.

-- The views below are built from these; fresh statistics keep their plans sane on big stores.
ANALYZE orders;
ANALYZE order_items;

-- When each view was last brought up to date, how long that took, and the last failure.
CREATE TABLE view_refreshes (
    view_name     text PRIMARY KEY,
    refreshed_at  timestamptz,  -- when the last successful refresh started: its data is as of then
    duration_ms   bigint      NOT NULL DEFAULT 0,
    -- The sum of the partitions' committed offsets read before that refresh: it saw at least these.
    input_version bigint      NOT NULL DEFAULT 0,
    refreshes     bigint      NOT NULL DEFAULT 0,
    last_error    text,
    last_error_at timestamptz
);

-- Hour and day sales are recomputed from the minute rollups for the hours touched since the last
-- refresh only. Batches mark the hours they change here, in their own transaction; the leader
-- takes the marks and recomputes those hours and their days in one transaction. Until then the
-- API reads a marked hour from the minute rollups, so answers are exact at every moment.
CREATE TABLE sales_dirty_hours (
    bucket           timestamptz PRIMARY KEY,
    first_touched_at timestamptz NOT NULL DEFAULT now(),
    touches          bigint      NOT NULL DEFAULT 1
);

CREATE TABLE sales_by_region_day (LIKE sales_by_region_minute INCLUDING ALL);
CREATE TABLE sales_by_category_region_day (LIKE sales_by_category_region_minute INCLUDING ALL);

INSERT INTO sales_by_region_day
SELECT date_trunc('day', bucket, 'UTC'), region, sum(revenue), sum(orders), sum(units)
FROM sales_by_region_hour GROUP BY 1, 2;

INSERT INTO sales_by_category_region_day
SELECT date_trunc('day', bucket, 'UTC'), category, region, sum(revenue), sum(orders), sum(units)
FROM sales_by_category_region_hour GROUP BY 1, 2, 3;

-- Customers' orders by time, for a customer's history and the fraud rules.
CREATE INDEX orders_customer_idx ON orders (customer_id, occurred_at);

-- Per customer, over orders that were not cancelled: history, and RFM scores from 1 to 5. A score
-- is the quintile of the customer's rank, where equal values share the lowest rank of their group,
-- so two customers with the same recency, frequency or spend always get the same score.
CREATE MATERIALIZED VIEW customer_rfm AS
WITH stats AS (
    SELECT customer_id,
           min(occurred_at) AS first_order_at,
           max(occurred_at) AS last_order_at,
           count(*)         AS orders,
           sum(revenue)     AS revenue
    FROM orders
    WHERE cancelled_at IS NULL
    GROUP BY customer_id),
ranked AS (
    SELECT s.*,
           rank() OVER (ORDER BY last_order_at) AS r_rank,
           rank() OVER (ORDER BY orders)        AS f_rank,
           rank() OVER (ORDER BY revenue)       AS m_rank,
           count(*) OVER ()                     AS customers
    FROM stats s),
scored AS (
    SELECT customer_id, first_order_at, last_order_at, orders, revenue,
           (1 + (5 * (r_rank - 1)) / customers)::smallint AS recency,
           (1 + (5 * (f_rank - 1)) / customers)::smallint AS frequency,
           (1 + (5 * (m_rank - 1)) / customers)::smallint AS monetary
    FROM ranked)
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
FROM scored s;
CREATE UNIQUE INDEX customer_rfm_customer_idx ON customer_rfm (customer_id);

CREATE MATERIALIZED VIEW customer_segments AS
SELECT segment, count(*) AS customers, sum(orders) AS orders, sum(revenue) AS revenue
FROM customer_rfm GROUP BY segment;
CREATE UNIQUE INDEX customer_segments_idx ON customer_segments (segment);

-- The customer base as a whole, for the lifetime value model (docs/analytics.md): how many
-- customers have ordered, how many have not ordered for 90 days (churned), and since when orders
-- are observed, as of the refresh.
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

-- Cohorts: customers by the week and month of their first order that was not cancelled, and how
-- many of them ordered in each period since (period 0 is the cohort itself).
CREATE MATERIALIZED VIEW cohort_activity AS
WITH active AS (
    SELECT DISTINCT customer_id, p.period, date_trunc(p.period, occurred_at, 'UTC') AS active_in
    FROM orders, (VALUES ('week'), ('month')) AS p(period)
    WHERE cancelled_at IS NULL),
firsts AS (
    SELECT customer_id, period, min(active_in) AS cohort
    FROM active GROUP BY customer_id, period)
SELECT f.period, f.cohort, a.active_in, count(*) AS customers
FROM firsts f JOIN active a USING (customer_id, period)
GROUP BY f.period, f.cohort, a.active_in;
CREATE UNIQUE INDEX cohort_activity_idx ON cohort_activity (period, cohort, active_in);

-- Market baskets over orders that were not cancelled: each ordered pair of distinct products bought
-- in one order (both directions, so a product's partners are one index range), with how many
-- orders hold the pair, each of the two products, and any product at all: support, confidence
-- and lift follow from one row, consistent with each other.
CREATE MATERIALIZED VIEW product_pairs AS
WITH baskets AS (
    SELECT DISTINCT i.order_id, i.product_id
    FROM order_items i JOIN orders o ON o.order_id = i.order_id AND o.occurred_at = i.occurred_at
    WHERE o.cancelled_at IS NULL),
product_orders AS (
    SELECT product_id, count(*) AS orders FROM baskets GROUP BY product_id),
pairs AS (
    SELECT a.product_id, b.product_id AS other_id, count(*) AS orders
    FROM baskets a JOIN baskets b ON a.order_id = b.order_id AND a.product_id <> b.product_id
    GROUP BY a.product_id, b.product_id)
SELECT p.product_id, p.other_id, p.orders,
       pa.orders AS product_orders,
       pb.orders AS other_orders,
       (SELECT count(DISTINCT order_id) FROM baskets) AS total_orders
FROM pairs p
JOIN product_orders pa ON pa.product_id = p.product_id
JOIN product_orders pb ON pb.product_id = p.other_id;
CREATE UNIQUE INDEX product_pairs_idx ON product_pairs (product_id, orders DESC, other_id);
CREATE UNIQUE INDEX product_pairs_by_orders_idx ON product_pairs (orders DESC, product_id, other_id);

-- Units sold per product over the 7 days before the refresh, net of cancellations.
CREATE MATERIALIZED VIEW product_velocity AS
SELECT i.product_id, sum(i.quantity) AS units_7d, now() AS as_of
FROM order_items i JOIN orders o ON o.order_id = i.order_id AND o.occurred_at = i.occurred_at
WHERE o.cancelled_at IS NULL AND i.occurred_at >= now() - interval '7 days'
GROUP BY i.product_id;
CREATE UNIQUE INDEX product_velocity_idx ON product_velocity (product_id);
