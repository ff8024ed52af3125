package com.shopstream.query.recommendations;

/**
 * The statements of similar products, recommendations, search and the catalog's embeddings.
 * Nearest-neighbour queries run in a transaction that sets pgvector's HNSW search breadth and lets
 * it continue the index scan while filters reject candidates, so a selective filter still returns
 * the requested number of products when enough match.
 */
public final class RecommendationSql {

    private RecommendationSql() {
    }

    static String hnswSettings(int efSearch) {
        return "SET LOCAL hnsw.ef_search = " + efSearch + "; SET LOCAL hnsw.iterative_scan = relaxed_order";
    }

    static final String PRODUCT_EMBEDDING = "SELECT embedding::text FROM products WHERE id = $1";

    /**
     * The products nearest to the vector {@code $1}, but those in {@code $2}, optionally of the
     * category named {@code $3}, priced from {@code $4} to {@code $5}, in stock if {@code $6}; at
     * most {@code $7}. The relaxed iterative scan may return neighbours slightly out of order, so
     * they are sorted again after the limit.
     */
    static final String NEAREST = """
            WITH nearest AS MATERIALIZED (
                SELECT p.id, p.name, p.category_id, p.price, p.embedding <=> $1::vector AS distance
                FROM products p
                WHERE p.embedding IS NOT NULL
                  AND p.id <> ALL($2::bigint[])
                  AND ($3::text IS NULL OR p.category_id = (SELECT id FROM categories WHERE name = $3))
                  AND ($4::numeric IS NULL OR p.price >= $4)
                  AND ($5::numeric IS NULL OR p.price <= $5)
                  AND (NOT $6::boolean OR stock_of(p.id) > 0)
                ORDER BY p.embedding <=> $1::vector
                LIMIT $7)
            SELECT n.id, n.name, c.name, n.price, stock_of(n.id), 1 - n.distance AS score
            FROM nearest n JOIN categories c ON c.id = n.category_id
            ORDER BY n.distance, n.id""";

    /**
     * The products matching any word of {@code $1} (stemmed), best text rank first (more words, in
     * the name rather than the description), optionally of category {@code $2}; at most {@code $3}.
     */
    static final String TEXT_MATCHES = """
            SELECT p.id, p.name, c.name, p.price, stock_of(p.id), ts_rank_cd(p.search_text, q) AS score
            FROM products p
            JOIN categories c ON c.id = p.category_id
            CROSS JOIN (SELECT replace(plainto_tsquery('english', $1)::text, ' & ', ' | ')::tsquery AS q) AS words
            WHERE p.search_text @@ q AND ($2::text IS NULL OR c.name = $2)
            ORDER BY score DESC, p.id
            LIMIT $3""";

    /** How much history the customer {@code $1} has: products, weighted events, the region of their latest event. */
    static final String CUSTOMER_HISTORY = """
            SELECT count(*), coalesce(sum(events), 0),
                   (SELECT last_region FROM customer_affinity WHERE customer_id = $1 ORDER BY last_at DESC, product_id LIMIT 1),
                   EXISTS (SELECT 1 FROM orders WHERE customer_id = $1)
            FROM customer_affinity WHERE customer_id = $1""";

    /** The customer's strongest affinities with the products' embeddings: the parts of their taste vector. */
    static final String TASTE_PARTS = """
            SELECT a.weight, p.embedding::text
            FROM customer_affinity a JOIN products p ON p.id = a.product_id
            WHERE a.customer_id = $1 AND p.embedding IS NOT NULL
            ORDER BY a.weight DESC, a.product_id
            LIMIT $2""";

    /** The products the customer {@code $1} has bought in orders not cancelled. */
    static final String BOUGHT = """
            SELECT DISTINCT i.product_id
            FROM orders o JOIN order_items i ON i.order_id = o.order_id AND i.occurred_at = o.occurred_at
            WHERE o.customer_id = $1 AND o.cancelled_at IS NULL""";

    /** The products most ordered in region {@code $1} over the last 7 days, but those in {@code $2}; at most {@code $3}. */
    static final String POPULAR_IN_REGION = """
            SELECT r.product_id, p.name, c.name, p.price, stock_of(r.product_id), r.units_7d, r.customers_7d
            FROM product_region_popularity r
            JOIN products p ON p.id = r.product_id
            JOIN categories c ON c.id = p.category_id
            WHERE r.region = $1 AND r.product_id <> ALL($2::bigint[])
            ORDER BY r.units_7d DESC, r.product_id
            LIMIT $3""";

    /**
     * The best sellers of all regions over 7 days (units summed over regions), but those in
     * {@code $1}; at most {@code $2}. Customers are counted per region, so they are not summed.
     */
    static final String POPULAR_EVERYWHERE = """
            SELECT v.product_id, p.name, c.name, p.price, stock_of(v.product_id), v.units_7d
            FROM product_velocity v
            JOIN products p ON p.id = v.product_id
            JOIN categories c ON c.id = p.category_id
            WHERE v.product_id <> ALL($1::bigint[])
            ORDER BY v.units_7d DESC, v.product_id
            LIMIT $2""";

    /** Catalog products in stock, in id order, but those in {@code $1}; at most {@code $2}. */
    static final String IN_STOCK = """
            SELECT p.id, p.name, c.name, p.price, stock_of(p.id)
            FROM products p
            JOIN categories c ON c.id = p.category_id
            WHERE p.id <> ALL($1::bigint[]) AND stock_of(p.id) > 0
            ORDER BY p.id
            LIMIT $2""";

    static final String COUNT_UNEMBEDDED = "SELECT count(*) FROM products WHERE embedded_hash IS DISTINCT FROM content_hash";

    /** Products whose embedding is missing or older than their text, after id {@code $1}; at most {@code $2}. */
    static final String UNEMBEDDED = """
            SELECT p.id, p.name, p.brand, c.name, p.description, p.content_hash
            FROM products p JOIN categories c ON c.id = p.category_id
            WHERE p.embedded_hash IS DISTINCT FROM p.content_hash AND p.id > $1
            ORDER BY p.id
            LIMIT $2""";

    /** Stores embeddings, each only if the product's text is still the one it was computed from. */
    public static final String SAVE_EMBEDDINGS = """
            UPDATE products p SET embedding = u.embedding::vector, embedded_hash = u.hash
            FROM unnest($1::bigint[], $2::text[], $3::bytea[]) AS u(id, embedding, hash)
            WHERE p.id = u.id AND p.content_hash = u.hash""";
}
