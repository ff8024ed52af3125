-- The products most ordered in each region over the last seven days, without reading the seven days.
-- product_region_popularity was a materialized view grouping a week of order lines by region and
-- product, counting distinct customers, refreshed CONCURRENTLY: 1.2 to 2.5 s of a core under load on
-- a fresh benchmark store, every minute or so, growing with the orders of a week.
--
-- Now the fold of the order changes keeps the counts: units per hour, region and product
-- (product_region_hours), and one row per region, product and customer with a kept order of it in
-- the window (product_region_buyers); product_region_counts holds the sums the view shows. A
-- refresh only moves the window's start to the hour seven days back and takes out what fell out
-- of it: the hours before the start and the customers whose last such order is before it. The
-- window so starts on an hour, where the view's started at the refresh's instant: it covers seven
-- days and up to an hour more.

-- The fold and the window's refresh are the view maintenance's, which takes this advisory lock per
-- round: none runs while this migration fills the tables, so the order changes it leaves in place
-- are the ones the first fold takes.
SELECT pg_advisory_xact_lock(hashtext('shopstream.views'));

CREATE TABLE product_region_window (
    one       boolean     PRIMARY KEY DEFAULT true CHECK (one),
    starts_at timestamptz NOT NULL,
    as_of     timestamptz NOT NULL
);
INSERT INTO product_region_window (starts_at, as_of) VALUES (date_trunc('hour', now() - interval '7 days', 'UTC'), now());

CREATE TABLE product_region_hours (
    hour       timestamptz NOT NULL,
    region     text        NOT NULL,
    product_id bigint      NOT NULL,
    units      bigint      NOT NULL,
    PRIMARY KEY (hour, region, product_id)
);

CREATE TABLE product_region_buyers (
    region         text        NOT NULL,
    product_id     bigint      NOT NULL,
    customer_id    bigint      NOT NULL,
    last_bought_at timestamptz NOT NULL,
    PRIMARY KEY (region, product_id, customer_id)
) WITH (fillfactor = 80);
CREATE INDEX product_region_buyers_last_idx ON product_region_buyers (last_bought_at);

CREATE TABLE product_region_counts (
    region     text   NOT NULL,
    product_id bigint NOT NULL,
    units      bigint NOT NULL,
    customers  bigint NOT NULL,
    PRIMARY KEY (region, product_id)
) WITH (fillfactor = 80);
CREATE INDEX product_region_counts_rank_idx ON product_region_counts (region, units DESC, product_id);

-- The kept lines in the window, less the changes not folded yet, which the first fold adds back
-- (units by delta); buyers from the orders as they are, which a fold's additions and read-backs
-- leave as they find them. One statement, so the orders and the changes are read in one snapshot.
WITH lines AS (
    SELECT o.region, i.product_id, o.customer_id, o.occurred_at, i.quantity, o.cancelled_at IS NULL AS kept,
           coalesce(c.change, 0) AS pending
    FROM orders o
    JOIN order_items i ON i.order_id = o.order_id AND i.occurred_at = o.occurred_at
    LEFT JOIN (SELECT order_id, occurred_at, sum(change) AS change FROM order_changes GROUP BY 1, 2) c
           ON c.order_id = o.order_id AND c.occurred_at = o.occurred_at
    WHERE o.occurred_at >= (SELECT starts_at FROM product_region_window)),
hours AS (
    INSERT INTO product_region_hours (hour, region, product_id, units)
    SELECT date_trunc('hour', occurred_at, 'UTC'), region, product_id, sum((kept::integer - pending) * quantity)
    FROM lines GROUP BY 1, 2, 3 HAVING sum((kept::integer - pending) * quantity) <> 0),
buyers AS (
    INSERT INTO product_region_buyers (region, product_id, customer_id, last_bought_at)
    SELECT region, product_id, customer_id, max(occurred_at) FROM lines WHERE kept GROUP BY 1, 2, 3
    RETURNING region, product_id)
INSERT INTO product_region_counts (region, product_id, units, customers)
SELECT region, product_id, sum(units), sum(customers)
FROM (SELECT region, product_id, (kept::integer - pending) * quantity AS units, 0 AS customers FROM lines
      UNION ALL
      SELECT region, product_id, 0, 1 FROM buyers) d
GROUP BY 1, 2;
ANALYZE product_region_hours, product_region_buyers, product_region_counts;

-- Moves the window's start to the hour seven days before ends_at (now, but for tests) and takes out
-- what fell out of it. The start never moves back.
CREATE FUNCTION refresh_product_region_window(ends_at timestamptz) RETURNS timestamptz
LANGUAGE plpgsql AS $$
DECLARE
    old_start timestamptz;
    new_start timestamptz := date_trunc('hour', ends_at - interval '7 days', 'UTC');
BEGIN
    SELECT starts_at INTO old_start FROM product_region_window FOR UPDATE;
    IF new_start > old_start THEN
        WITH expired_hours AS (
            DELETE FROM product_region_hours WHERE hour < new_start RETURNING region, product_id, units),
        expired_buyers AS (
            DELETE FROM product_region_buyers WHERE last_bought_at < new_start RETURNING region, product_id)
        INSERT INTO product_region_counts AS t (region, product_id, units, customers)
        SELECT region, product_id, sum(units), sum(customers)
        FROM (SELECT region, product_id, -units AS units, 0 AS customers FROM expired_hours
              UNION ALL
              SELECT region, product_id, 0, -1 FROM expired_buyers) e
        GROUP BY 1, 2
        ON CONFLICT (region, product_id) DO UPDATE SET units = t.units + excluded.units, customers = t.customers + excluded.customers;

        DELETE FROM product_region_counts WHERE units = 0 AND customers = 0;
    END IF;
    UPDATE product_region_window SET starts_at = greatest(starts_at, new_start), as_of = now();
    RETURN greatest(old_start, new_start);
END;
$$;

-- Folds the popularity's counts too (V27's fold, and the lines' units, times, regions and customers).
CREATE OR REPLACE FUNCTION fold_order_changes() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    changed_orders     bigint[];
    changed_times      timestamptz[];
    changed_customers  bigint[];
    changed_changes    integer[];
    changed_regions    text[];
    changed_revenues   numeric[];
    cancelled_orders   bigint[];
    cancelled_times    timestamptz[];
    cancelled_customers bigint[];
    line_orders        bigint[];
    line_products      bigint[];
    line_changes       integer[];
    line_units         integer[];
    line_times         timestamptz[];
    line_regions       text[];
    line_customers     bigint[];
    activity_customers bigint[];
    activity_periods   text[];
    activity_active_in timestamptz[];
    activity_deltas    integer[];
    moved_customers    bigint[];
    before_periods     text[];
    before_cohorts     timestamptz[];
    before_active_in   timestamptz[];
    window_start       timestamptz;
BEGIN
    SELECT starts_at INTO window_start FROM product_region_window;

    -- Per order its net change, and whether a cancellation was among the changes taken: an order
    -- placed and cancelled since the last fold nets to nothing, but a read-back may have seen it.
    WITH taken AS (
        DELETE FROM order_changes RETURNING order_id, occurred_at, change),
    per_order AS (
        SELECT order_id, occurred_at, sum(change)::integer AS change, bool_or(change < 0) AS cancelled FROM taken
        GROUP BY 1, 2)
    SELECT array_agg(p.order_id) FILTER (WHERE p.change <> 0), array_agg(p.occurred_at) FILTER (WHERE p.change <> 0),
           array_agg(o.customer_id) FILTER (WHERE p.change <> 0), array_agg(o.region) FILTER (WHERE p.change <> 0),
           array_agg(p.change) FILTER (WHERE p.change <> 0), array_agg(o.revenue) FILTER (WHERE p.change <> 0),
           array_agg(p.order_id) FILTER (WHERE p.cancelled), array_agg(p.occurred_at) FILTER (WHERE p.cancelled),
           array_agg(o.customer_id) FILTER (WHERE p.cancelled)
    INTO changed_orders, changed_times, changed_customers, changed_regions, changed_changes, changed_revenues,
         cancelled_orders, cancelled_times, cancelled_customers
    FROM per_order p JOIN orders o ON o.order_id = p.order_id AND o.occurred_at = p.occurred_at;

    IF changed_orders IS NULL AND cancelled_orders IS NULL THEN
        RETURN 0;
    END IF;

    -- Each order's distinct products with their units: the market baskets' and the popularity's lines.
    SELECT array_agg(order_id), array_agg(product_id), array_agg(change), array_agg(units),
           array_agg(occurred_at), array_agg(region), array_agg(customer_id)
    INTO line_orders, line_products, line_changes, line_units, line_times, line_regions, line_customers
    FROM (SELECT c.order_id, i.product_id, c.change, sum(i.quantity)::integer AS units, c.occurred_at, c.region, c.customer_id
          FROM unnest(changed_orders, changed_times, changed_changes, changed_regions, changed_customers)
              AS c(order_id, occurred_at, change, region, customer_id)
          JOIN order_items i ON i.order_id = c.order_id AND i.occurred_at = c.occurred_at
          GROUP BY c.order_id, i.product_id, c.change, c.occurred_at, c.region, c.customer_id) l;

    -- Market baskets: every ordered pair of an order's distinct products.
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
    -- were only added. A customer with a cancellation among the changes taken has them read back from
    -- the orders; that read may already see orders whose changes the next fold takes, which moves
    -- them no further (least and greatest of the same times), and an order it saw that is cancelled
    -- before that fold is read back again then, though its changes net to nothing.
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
          WHERE o.customer_id = ANY (cancelled_customers)
            AND o.cancelled_at IS NULL
          GROUP BY 1) k
    WHERE t.customer_id = k.customer_id;

    -- Products by region over the window: units by the hour, by delta; a customer counts once per
    -- region and product while they have a kept order of it in the window. Added orders make a
    -- customer count (greatest of the times: an order seen by an earlier read-back moves nothing);
    -- a customer with a cancellation among the changes taken has their latest kept order of the
    -- product read back from the orders, and stops counting without one.
    INSERT INTO product_region_hours AS t (hour, region, product_id, units)
    SELECT date_trunc('hour', occurred_at, 'UTC'), region, product_id, sum(change * units)
    FROM unnest(line_times, line_regions, line_products, line_changes, line_units) AS l(occurred_at, region, product_id, change, units)
    WHERE occurred_at >= window_start
    GROUP BY 1, 2, 3 HAVING sum(change * units) <> 0
    ON CONFLICT (hour, region, product_id) DO UPDATE SET units = t.units + excluded.units;

    -- Only the fold writes the buyers, so new ones are inserted plainly and known ones updated only
    -- when their time moves: ON CONFLICT paid a speculative insertion for every new one and rewrote
    -- every known one (about twice the time, idle).
    WITH added AS (
        SELECT a.region, a.product_id, a.customer_id, a.last_bought_at, b.last_bought_at AS counted_at
        FROM (SELECT region, product_id, customer_id, max(occurred_at) AS last_bought_at
              FROM unnest(line_regions, line_products, line_customers, line_times, line_changes)
                  AS l(region, product_id, customer_id, occurred_at, change)
              WHERE change > 0 AND occurred_at >= window_start
              GROUP BY 1, 2, 3) a
        LEFT JOIN product_region_buyers b ON b.region = a.region AND b.product_id = a.product_id AND b.customer_id = a.customer_id),
    gained AS (
        INSERT INTO product_region_buyers (region, product_id, customer_id, last_bought_at)
        SELECT region, product_id, customer_id, last_bought_at FROM added WHERE counted_at IS NULL
        RETURNING region, product_id),
    moved AS (
        UPDATE product_region_buyers b SET last_bought_at = a.last_bought_at
        FROM added a
        WHERE b.region = a.region AND b.product_id = a.product_id AND b.customer_id = a.customer_id
          AND a.last_bought_at > a.counted_at)
    INSERT INTO product_region_counts AS t (region, product_id, units, customers)
    SELECT region, product_id, sum(units), sum(customers)
    FROM (SELECT region, product_id, change * units AS units, 0 AS customers
          FROM unnest(line_regions, line_products, line_changes, line_units, line_times) AS l(region, product_id, change, units, occurred_at)
          WHERE occurred_at >= window_start
          UNION ALL
          SELECT region, product_id, 0, 1 FROM gained) d
    GROUP BY 1, 2
    ON CONFLICT (region, product_id) DO UPDATE SET units = t.units + excluded.units, customers = t.customers + excluded.customers;

    WITH rechecked AS (
        SELECT DISTINCT o.region, i.product_id, o.customer_id
        FROM unnest(cancelled_orders, cancelled_times) AS c(order_id, occurred_at)
        JOIN orders o ON o.order_id = c.order_id AND o.occurred_at = c.occurred_at
        JOIN order_items i ON i.order_id = c.order_id AND i.occurred_at = c.occurred_at
        WHERE c.occurred_at >= window_start),
    kept AS (
        SELECT r.region, r.product_id, r.customer_id,
               (SELECT max(o.occurred_at) FROM orders o
                JOIN order_items i ON i.order_id = o.order_id AND i.occurred_at = o.occurred_at
                WHERE o.customer_id = r.customer_id AND o.occurred_at >= window_start AND o.region = r.region
                  AND o.cancelled_at IS NULL AND i.product_id = r.product_id) AS last_bought_at,
               EXISTS (SELECT 1 FROM product_region_buyers b
                       WHERE b.region = r.region AND b.product_id = r.product_id AND b.customer_id = r.customer_id) AS counted
        FROM rechecked r),
    dropped AS (
        DELETE FROM product_region_buyers b USING kept k
        WHERE b.region = k.region AND b.product_id = k.product_id AND b.customer_id = k.customer_id AND k.last_bought_at IS NULL),
    stored AS (
        INSERT INTO product_region_buyers AS b (region, product_id, customer_id, last_bought_at)
        SELECT region, product_id, customer_id, last_bought_at FROM kept WHERE last_bought_at IS NOT NULL
        ON CONFLICT (region, product_id, customer_id) DO UPDATE SET last_bought_at = excluded.last_bought_at)
    INSERT INTO product_region_counts AS t (region, product_id, units, customers)
    SELECT region, product_id, 0, sum((last_bought_at IS NOT NULL)::integer - counted::integer)
    FROM kept
    GROUP BY 1, 2 HAVING sum((last_bought_at IS NOT NULL)::integer - counted::integer) <> 0
    ON CONFLICT (region, product_id) DO UPDATE SET customers = t.customers + excluded.customers;

    RETURN (SELECT count(DISTINCT o) FROM unnest(changed_orders || cancelled_orders) AS o);
END;
$$;

-- The columns of the materialized view it replaces. A customer whose order of a product was
-- cancelled may count for a round before its other order's units are folded: the view shows the
-- products with units.
DROP MATERIALIZED VIEW product_region_popularity CASCADE;

CREATE VIEW product_region_popularity AS
SELECT c.region, c.product_id, c.units AS units_7d, c.customers AS customers_7d, w.as_of
FROM product_region_counts c CROSS JOIN product_region_window w
WHERE c.units > 0;

CREATE MATERIALIZED VIEW product_velocity AS
SELECT product_id, sum(units_7d) AS units_7d, min(as_of) AS as_of
FROM product_region_popularity
GROUP BY product_id;
CREATE UNIQUE INDEX product_velocity_idx ON product_velocity (product_id);
