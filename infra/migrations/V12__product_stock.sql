-- Stock moves with nearly every batch; the catalog row is wide (embedding, search document) and sits
-- in an HNSW and a GIN index. Updated in place, a product row rarely found room on its full page, so
-- about one stock update in seven was not HOT: a new row version inserted into every index, the HNSW
-- graph included (a graph search each), some 15% of PostgreSQL's CPU under load. Stock now lives in a
-- narrow table of its own, with room on each page for its updates to stay HOT.
CREATE TABLE product_stock (
    product_id bigint      PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    stock      integer     NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
) WITH (fillfactor = 50);

INSERT INTO product_stock (product_id, stock, updated_at) SELECT id, stock, updated_at FROM products;

ALTER TABLE products DROP COLUMN stock;

-- Every product has a stock row, so readers join it and batches can move it, however the product
-- was made; writers that know the stock set it after the product (or in the same statement).
CREATE FUNCTION products_stock_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO product_stock (product_id, stock) VALUES (NEW.id, 0) ON CONFLICT (product_id) DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER products_stock_row AFTER INSERT ON products FOR EACH ROW EXECUTE FUNCTION products_stock_row();

-- The funnel state and the affinities are inserted and then updated by the next few batches; leave
-- room on their pages so those updates stay HOT instead of adding index entries.
ALTER TABLE funnel_sessions SET (fillfactor = 80);
ALTER TABLE customer_affinity SET (fillfactor = 80);
