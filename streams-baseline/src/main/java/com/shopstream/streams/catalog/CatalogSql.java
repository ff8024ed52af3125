package com.shopstream.streams.catalog;

/** The catalog queries of the baseline. */
final class CatalogSql {

    static final String PRODUCT_CATEGORIES = """
            SELECT p.id, c.name FROM products p JOIN categories c ON c.id = p.category_id""";

    private CatalogSql() {
    }
}
