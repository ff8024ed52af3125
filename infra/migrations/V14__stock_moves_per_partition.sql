-- With the rollup rows per partition (V13), the batches' commits queued behind each other on stock:
-- every partition's batch moved the stock of the popular products, locking their rows until it
-- committed. Batches now add their moves to rows of their own partition; a product's stock is the
-- count the shop last set (product_stock) plus the moves since (stock_of). Setting the stock
-- clears the moves in the same statement.
CREATE TABLE product_stock_moves (
    product_id    bigint      NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    src_partition integer     NOT NULL,
    delta         integer     NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (product_id, src_partition)
) WITH (fillfactor = 50);

CREATE FUNCTION stock_of(product bigint) RETURNS integer
STABLE LANGUAGE sql AS $$
    SELECT (s.stock + coalesce((SELECT sum(m.delta) FROM product_stock_moves m WHERE m.product_id = product), 0))::integer
    FROM product_stock s WHERE s.product_id = product
$$;
