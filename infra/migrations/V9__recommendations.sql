-- Recommendations: product embeddings (all-MiniLM-L6-v2, 384 dimensions, normalized) searched by
-- cosine distance through an HNSW index, full-text search over the catalog, and the customers'
-- affinities to products from which their taste vectors are composed.

-- What the embedding was computed from: a product whose text changes gets a new content_hash and
-- is re-embedded; one whose stock or price changes keeps its embedding. The hash and the full-text
-- document are kept by a trigger on the text columns rather than as generated columns, which
-- PostgreSQL would recompute on every stock update the aggregator makes.
ALTER TABLE products
    ADD COLUMN embedding     vector(384),
    ADD COLUMN content_hash  bytea,
    ADD COLUMN embedded_hash bytea,
    ADD COLUMN search_text   tsvector;

CREATE FUNCTION products_text_columns() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.content_hash := decode(md5(NEW.name || E'\n' || NEW.brand || E'\n' || NEW.category_id::text || E'\n' || NEW.description), 'hex');
    NEW.search_text := setweight(to_tsvector('english', NEW.name), 'A') || setweight(to_tsvector('english', NEW.brand), 'B')
        || setweight(to_tsvector('english', NEW.description), 'C');
    RETURN NEW;
END $$;

CREATE TRIGGER products_text_columns BEFORE INSERT OR UPDATE OF name, brand, description, category_id ON products
    FOR EACH ROW EXECUTE FUNCTION products_text_columns();

UPDATE products SET name = name;

CREATE INDEX products_embedding_idx ON products USING hnsw (embedding vector_cosine_ops);
CREATE INDEX products_search_idx ON products USING gin (search_text);
-- The products whose embedding is missing or stale: the embedding upkeep's work list.
CREATE INDEX products_unembedded_idx ON products (id) WHERE embedded_hash IS DISTINCT FROM content_hash;

-- A customer's affinity to a product: the sum over their events on it of the action's weight
-- (view 1, cart add 3, purchase 5) times 2^((event time - 2026-01-01) / 30 days). Growing with time
-- instead of decaying makes the sum independent of the order events arrive in; only ratios within a
-- customer matter, so recent events count for more exactly as a 30-day half-life would.
-- Maintained by the aggregator in each batch's transaction from the events it stores, so exactly once.
CREATE TABLE customer_affinity (
    customer_id bigint           NOT NULL,
    product_id  bigint           NOT NULL,
    weight      double precision NOT NULL,
    events      integer          NOT NULL,
    last_at     timestamptz      NOT NULL,
    last_region text             NOT NULL,
    PRIMARY KEY (customer_id, product_id)
);

-- The affinities of the events stored before this migration, by the same rule.
INSERT INTO customer_affinity (customer_id, product_id, weight, events, last_at, last_region)
SELECT customer_id, product_id,
       sum(action * power(2::float8, extract(epoch FROM occurred_at - timestamptz '2026-01-01 00:00:00+00')::float8 / 2592000)),
       count(*), max(occurred_at),
       (array_agg(region ORDER BY occurred_at DESC, region COLLATE "C" DESC))[1]
FROM (
    SELECT customer_id, product_id, occurred_at, coalesce(region, '') AS region,
           CASE type WHEN 'product_viewed' THEN 1 ELSE 3 END AS action
    FROM events
    WHERE type IN ('product_viewed', 'cart_added') AND product_id IS NOT NULL
    UNION ALL
    SELECT o.customer_id, i.product_id, o.occurred_at, o.region, 5
    FROM orders o JOIN order_items i ON i.order_id = o.order_id AND i.occurred_at = o.occurred_at
) e
GROUP BY customer_id, product_id;

-- The products most ordered in each region over the last 7 days: the recommendations for customers
-- with too little history (cold start). Refreshed by the view leader, and product_velocity (the
-- inventory alerts' 7-day sales) is now summed from it instead of scanning the week's orders again.
CREATE MATERIALIZED VIEW product_region_popularity AS
SELECT o.region, i.product_id, sum(i.quantity) AS units_7d, count(DISTINCT o.customer_id) AS customers_7d, now() AS as_of
FROM order_items i JOIN orders o ON o.order_id = i.order_id AND o.occurred_at = i.occurred_at
WHERE o.cancelled_at IS NULL AND i.occurred_at >= now() - interval '7 days'
GROUP BY o.region, i.product_id;
CREATE UNIQUE INDEX product_region_popularity_idx ON product_region_popularity (region, product_id);
CREATE INDEX product_region_popularity_rank_idx ON product_region_popularity (region, units_7d DESC, product_id);

DROP MATERIALIZED VIEW product_velocity;
CREATE MATERIALIZED VIEW product_velocity AS
SELECT product_id, sum(units_7d) AS units_7d, min(as_of) AS as_of
FROM product_region_popularity
GROUP BY product_id;
CREATE UNIQUE INDEX product_velocity_idx ON product_velocity (product_id);
