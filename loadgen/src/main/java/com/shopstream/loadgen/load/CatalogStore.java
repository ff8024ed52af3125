package com.shopstream.loadgen.load;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Seeds the shop's catalog in PostgreSQL when it has none, and reads it back: the products of the
 * generator's categories, whoever put them there. Products of other categories (those the
 * integration tests make, at prices chosen to stand out) are not the load's to buy.
 */
public final class CatalogStore {

    private static final String COUNT = """
            SELECT count(*) FROM products p JOIN categories c ON c.id = p.category_id WHERE c.name = ANY($1)""";
    private static final String INSERT_CATEGORIES = """
            INSERT INTO categories (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING""";
    private static final String INSERT_PRODUCTS = """
            WITH draft AS (
                SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]::numeric[], $7::int[])
                    AS p(id, name, description, category, brand, price, stock)),
            inserted AS (
                INSERT INTO products (id, name, description, category_id, brand, price)
                SELECT p.id, p.name, p.description, c.id, p.brand, p.price
                FROM draft p JOIN categories c ON c.name = p.category
                ON CONFLICT (id) DO NOTHING
                RETURNING id)
            INSERT INTO product_stock (product_id, stock)
            SELECT d.id, d.stock FROM inserted i JOIN draft d ON d.id = i.id""";
    private static final String SELECT_PRODUCTS = """
            SELECT p.id, p.name, p.description, c.name, p.brand, p.price, stock_of(p.id)
            FROM products p JOIN categories c ON c.id = p.category_id
            WHERE c.name = ANY($1) ORDER BY p.id""";
    private static final int CHUNK = 5000;

    private final Pool pool;

    public CatalogStore(Pool pool) {
        this.pool = pool;
    }

    /** Seeds {@code count} products from {@code seed} if the shop's categories hold none; returns how many it added. */
    public int seedIfEmpty(long seed, int count) throws Exception {
        long existing = await(pool.preparedQuery(COUNT).execute(categories())).iterator().next().getLong(0);
        if (existing > 0) {
            return 0;
        }
        await(pool.preparedQuery(INSERT_CATEGORIES).execute(categories()));
        List<CatalogProduct> products = CatalogGenerator.generate(seed, count);
        for (int from = 0; from < products.size(); from += CHUNK) {
            List<CatalogProduct> chunk = products.subList(from, Math.min(products.size(), from + CHUNK));
            await(pool.preparedQuery(INSERT_PRODUCTS).execute(Tuple.of(
                    chunk.stream().map(CatalogProduct::id).toArray(Long[]::new),
                    chunk.stream().map(CatalogProduct::name).toArray(String[]::new),
                    chunk.stream().map(CatalogProduct::description).toArray(String[]::new),
                    chunk.stream().map(CatalogProduct::category).toArray(String[]::new),
                    chunk.stream().map(CatalogProduct::brand).toArray(String[]::new),
                    chunk.stream().map(p -> p.price().toPlainString()).toArray(String[]::new),
                    chunk.stream().map(CatalogProduct::stock).toArray(Integer[]::new))));
        }
        return products.size();
    }

    public List<CatalogProduct> load() throws Exception {
        List<CatalogProduct> products = new ArrayList<>();
        for (Row row : await(pool.preparedQuery(SELECT_PRODUCTS).execute(categories()))) {
            BigDecimal price = row.getBigDecimal(5);
            products.add(new CatalogProduct(row.getLong(0), row.getString(1), row.getString(2), row.getString(3),
                    row.getString(4), price, row.getInteger(6)));
        }
        return products;
    }

    private static Tuple categories() {
        return Tuple.of((Object) CatalogGenerator.categoryNames().toArray(String[]::new));
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.await(60, TimeUnit.SECONDS);
    }
}
