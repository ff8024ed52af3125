package com.shopstream.query.live;

/** The statement the live answers need from PostgreSQL: the catalog facts of the best sellers Redis ranks. */
final class LiveSql {

    private LiveSql() {
    }

    static final String PRODUCT_SUMMARIES = """
            SELECT p.id, p.name, c.name FROM products p JOIN categories c ON c.id = p.category_id
            WHERE p.id = ANY($1::bigint[])""";
}
