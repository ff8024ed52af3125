-- Stock in 64 bits. A product's moves are summed per partition without bound (every order takes
-- its units, every restock adds), and a shop may set any count: in 32 bits a large restock or
-- a long run of orders overflowed (22003), and the overflow stopped either the batches moving
-- that product or every inventory read through stock_of.
ALTER TABLE product_stock ALTER COLUMN stock TYPE bigint;
ALTER TABLE product_stock_moves ALTER COLUMN delta TYPE bigint;

DROP FUNCTION stock_of(bigint);
CREATE FUNCTION stock_of(product bigint) RETURNS bigint
STABLE LANGUAGE sql AS $$
    SELECT s.stock + coalesce((SELECT sum(m.delta) FROM product_stock_moves m WHERE m.product_id = product), 0)::bigint
    FROM product_stock s WHERE s.product_id = product
$$;
