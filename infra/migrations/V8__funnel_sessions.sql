-- The funnel, pre-aggregated as events arrive. Per session, and per session and category, the steps
-- reached as a bitmask (1 product_viewed, 2 cart_added, 4 checkout_started, 8 order_placed), the
-- time of its first such event and its region. Bits are OR-ed and times take the least, so the state
-- does not depend on the order events arrive in. Category rows take views and cart adds of the
-- category's products and orders with a line in it; checkouts have no product and count for every
-- category row of the session. Category '' is the session as a whole, region '' a session whose
-- events name none.
CREATE TABLE funnel_sessions (
    session_id text        NOT NULL,
    category   text        NOT NULL,
    region     text        NOT NULL,
    started_at timestamptz NOT NULL,
    steps      smallint    NOT NULL,
    PRIMARY KEY (session_id, category)
);

-- How far along the ordered steps a bitmask goes: 0 without a view, 4 with all four steps.
CREATE FUNCTION funnel_level(steps integer) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN steps & 1 = 0 THEN 0 WHEN steps & 2 = 0 THEN 1 WHEN steps & 4 = 0 THEN 2
                WHEN steps & 8 = 0 THEN 3 ELSE 4 END
$$;

-- Sessions by the hour of their first event, category, region and level (level 0 is not kept).
CREATE TABLE funnel_hourly (
    bucket   timestamptz NOT NULL,
    category text        NOT NULL,
    region   text        NOT NULL,
    level    smallint    NOT NULL,
    sessions bigint      NOT NULL,
    PRIMARY KEY (category, bucket, region, level)
);

-- The sessions already stored; category rows take their session's checkout.
INSERT INTO funnel_sessions (session_id, category, region, started_at, steps)
WITH steps AS (
    SELECT e.session_id, '' AS category, e.region, e.occurred_at,
           CASE e.type WHEN 'product_viewed' THEN 1 WHEN 'cart_added' THEN 2 WHEN 'checkout_started' THEN 4 ELSE 8 END AS bit
    FROM events e
    WHERE e.session_id IS NOT NULL AND e.type IN ('product_viewed', 'cart_added', 'checkout_started', 'order_placed')
    UNION ALL
    SELECT e.session_id, coalesce(c.name, 'unknown'), e.region, e.occurred_at,
           CASE e.type WHEN 'product_viewed' THEN 1 ELSE 2 END
    FROM events e
    LEFT JOIN products p ON p.id = e.product_id
    LEFT JOIN categories c ON c.id = p.category_id
    WHERE e.session_id IS NOT NULL AND e.type IN ('product_viewed', 'cart_added')
    UNION ALL
    SELECT DISTINCT e.session_id, i.category, e.region, e.occurred_at, 8
    FROM events e
    JOIN order_items i ON i.order_id = e.order_id AND i.occurred_at = e.occurred_at
    WHERE e.session_id IS NOT NULL AND e.type = 'order_placed'),
sessions AS (
    SELECT session_id, category, coalesce(min(region), '') AS region, min(occurred_at) AS started_at, bit_or(bit) AS steps
    FROM steps
    GROUP BY session_id, category)
SELECT session_id, category, region, started_at,
       steps | CASE WHEN category = '' THEN 0
                    ELSE bit_or(CASE WHEN category = '' THEN steps & 4 ELSE 0 END) OVER (PARTITION BY session_id) END
FROM sessions;

INSERT INTO funnel_hourly (bucket, category, region, level, sessions)
SELECT date_trunc('hour', started_at, 'UTC'), category, region, funnel_level(steps), count(*)
FROM funnel_sessions
WHERE funnel_level(steps) > 0
GROUP BY 1, 2, 3, 4;
