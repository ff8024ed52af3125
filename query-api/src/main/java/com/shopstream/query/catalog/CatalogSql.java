package com.shopstream.query.catalog;

/** The statements of the catalog: its pages, and a product written with its category and stock. */
final class CatalogSql {

    private CatalogSql() {
    }

    static final String PRODUCTS_PAGE = """
            SELECT p.id, p.name, c.name, p.brand, p.price, stock_of(p.id)
            FROM products p JOIN categories c ON c.id = p.category_id
            WHERE p.id > $1 AND ($2::text IS NULL OR c.name = $2)
            ORDER BY p.id
            LIMIT $3""";

    static final String ENSURE_CATEGORY = """
            WITH inserted AS (INSERT INTO categories (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id)
            SELECT id FROM inserted UNION ALL SELECT id FROM categories WHERE name = $1""";

    /** Creates or updates a product; returns its content hash, whether it was created, and whether its embedding is still current. */
    static final String UPSERT_PRODUCT = """
            INSERT INTO products AS p (id, name, description, category_id, brand, price)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description,
                category_id = excluded.category_id, brand = excluded.brand, price = excluded.price, updated_at = now()
            RETURNING p.content_hash, (xmax = 0) AS created, p.embedded_hash IS NOT DISTINCT FROM p.content_hash AS embedded""";

    /** Sets the stock of product {@code $1} to {@code $2}, as counted by the shop: the moves stored so far are in that count. */
    static final String SET_STOCK = """
            WITH counted AS (UPDATE product_stock_moves SET delta = 0, updated_at = now() WHERE product_id = $1)
            INSERT INTO product_stock (product_id, stock) VALUES ($1, $2)
            ON CONFLICT (product_id) DO UPDATE SET stock = excluded.stock, updated_at = now()""";
}
