-- Market baskets kept by deltas instead of recomputed. The materialized view product_pairs rebuilt
-- every order's pairs on each refresh: 20 to 60 s of a core on a store of 78 million events, and
-- growing with the history. Now every order placed or cancelled leaves a change row, and the view
-- maintenance folds the changes into counts of pairs, products and orders (fold_basket_changes()),
-- a few milliseconds a round. product_pairs becomes a plain view over the counts, same columns.
--
-- The change rows come from triggers on orders, so whatever writes an order (any aggregator version,
-- a repair by hand) is counted, and a change commits or rolls back with the order it describes.

CREATE TABLE basket_changes (
    order_id    bigint      NOT NULL,
    occurred_at timestamptz NOT NULL,
    -- +1 when the order starts counting (placed, not cancelled), -1 when it stops (cancelled).
    change      smallint    NOT NULL CHECK (change IN (-1, 1))
);

-- Orders together per ordered pair of distinct products (both directions: a product's partners are
-- one index range). A pair no kept order holds has no row.
CREATE TABLE basket_pairs (
    product_id bigint NOT NULL,
    other_id   bigint NOT NULL,
    orders     bigint NOT NULL CHECK (orders > 0),
    PRIMARY KEY (product_id, other_id)
);
CREATE INDEX basket_pairs_by_product_idx ON basket_pairs (product_id, orders DESC, other_id);
CREATE INDEX basket_pairs_by_orders_idx ON basket_pairs (orders DESC, product_id, other_id);

CREATE TABLE basket_products (
    product_id bigint PRIMARY KEY,
    orders     bigint NOT NULL CHECK (orders > 0)
);

-- Kept orders with at least one line: one row.
CREATE TABLE basket_total (
    one    boolean PRIMARY KEY DEFAULT true CHECK (one),
    orders bigint  NOT NULL CHECK (orders >= 0)
);

CREATE FUNCTION log_orders_placed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO basket_changes (order_id, occurred_at, change)
    SELECT order_id, occurred_at, 1 FROM placed WHERE cancelled_at IS NULL;
    RETURN NULL;
END;
$$;

CREATE FUNCTION log_orders_cancelled() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO basket_changes (order_id, occurred_at, change)
    SELECT a.order_id, a.occurred_at, CASE WHEN a.cancelled_at IS NULL THEN 1 ELSE -1 END
    FROM before_update b JOIN after_update a ON a.order_id = b.order_id AND a.occurred_at = b.occurred_at
    WHERE (a.cancelled_at IS NULL) <> (b.cancelled_at IS NULL);
    RETURN NULL;
END;
$$;

-- Creating the triggers locks orders against writes until this migration commits, so the counts
-- filled below and the changes logged after them cover every order exactly once.
CREATE TRIGGER orders_placed_baskets AFTER INSERT ON orders
    REFERENCING NEW TABLE AS placed FOR EACH STATEMENT EXECUTE FUNCTION log_orders_placed();
CREATE TRIGGER orders_cancelled_baskets AFTER UPDATE ON orders
    REFERENCING OLD TABLE AS before_update NEW TABLE AS after_update
    FOR EACH STATEMENT EXECUTE FUNCTION log_orders_cancelled();

CREATE TEMPORARY TABLE kept_baskets ON COMMIT DROP AS
SELECT DISTINCT i.order_id, i.product_id
FROM order_items i JOIN orders o ON o.order_id = i.order_id AND o.occurred_at = i.occurred_at
WHERE o.cancelled_at IS NULL;

INSERT INTO basket_pairs (product_id, other_id, orders)
SELECT a.product_id, b.product_id, count(*)
FROM kept_baskets a JOIN kept_baskets b ON a.order_id = b.order_id AND a.product_id <> b.product_id
GROUP BY 1, 2;

INSERT INTO basket_products (product_id, orders)
SELECT product_id, count(*) FROM kept_baskets GROUP BY 1;

INSERT INTO basket_total (orders) SELECT count(DISTINCT order_id) FROM kept_baskets;

-- Planned without statistics, the answers' joins took seq scans of the catalog; autovacuum would
-- gather them only after a fifth of each table has changed.
ANALYZE basket_pairs, basket_products, basket_total;

-- Folds the logged changes into the counts and deletes them; returns how many orders it folded.
-- An order placed and cancelled since the last fold nets to nothing. Run by one session at a time
-- (the view maintenance's lead): the counts have no other writer.
CREATE FUNCTION fold_basket_changes() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    folded_orders   bigint[];
    folded_products bigint[];
    folded_changes  integer[];
BEGIN
    WITH taken AS (
        DELETE FROM basket_changes RETURNING order_id, occurred_at, change),
    net AS (
        SELECT order_id, occurred_at, sum(change)::integer AS change FROM taken
        GROUP BY 1, 2 HAVING sum(change) <> 0),
    lines AS (
        SELECT DISTINCT n.order_id, i.product_id, n.change
        FROM net n JOIN order_items i ON i.order_id = n.order_id AND i.occurred_at = n.occurred_at)
    SELECT array_agg(order_id), array_agg(product_id), array_agg(change)
    INTO folded_orders, folded_products, folded_changes
    FROM lines;

    IF folded_orders IS NULL THEN
        RETURN 0;
    END IF;

    MERGE INTO basket_pairs t
    USING (
        SELECT a.product_id, b.product_id AS other_id, sum(a.change) AS delta
        FROM unnest(folded_orders, folded_products, folded_changes) AS a(order_id, product_id, change)
        JOIN unnest(folded_orders, folded_products, folded_changes) AS b(order_id, product_id, change)
          ON a.order_id = b.order_id AND a.product_id <> b.product_id
        GROUP BY 1, 2 HAVING sum(a.change) <> 0) d
    ON t.product_id = d.product_id AND t.other_id = d.other_id
    WHEN MATCHED AND t.orders + d.delta = 0 THEN DELETE
    WHEN MATCHED THEN UPDATE SET orders = t.orders + d.delta
    WHEN NOT MATCHED THEN INSERT (product_id, other_id, orders) VALUES (d.product_id, d.other_id, d.delta);

    MERGE INTO basket_products t
    USING (
        SELECT product_id, sum(change) AS delta
        FROM unnest(folded_products, folded_changes) AS l(product_id, change)
        GROUP BY 1 HAVING sum(change) <> 0) d
    ON t.product_id = d.product_id
    WHEN MATCHED AND t.orders + d.delta = 0 THEN DELETE
    WHEN MATCHED THEN UPDATE SET orders = t.orders + d.delta
    WHEN NOT MATCHED THEN INSERT (product_id, orders) VALUES (d.product_id, d.delta);

    UPDATE basket_total SET orders = orders + (
        SELECT sum(change) FROM (
            SELECT DISTINCT order_id, change FROM unnest(folded_orders, folded_changes) AS l(order_id, change)) o);

    RETURN (SELECT count(DISTINCT o) FROM unnest(folded_orders) AS o);
END;
$$;

DROP MATERIALIZED VIEW product_pairs;

-- The columns of the materialized view it replaces: support, confidence and lift follow from one row.
CREATE VIEW product_pairs AS
SELECT p.product_id, p.other_id, p.orders,
       pa.orders AS product_orders,
       pb.orders AS other_orders,
       t.orders  AS total_orders
FROM basket_pairs p
JOIN basket_products pa ON pa.product_id = p.product_id
JOIN basket_products pb ON pb.product_id = p.other_id
CROSS JOIN basket_total t;
