package com.shopstream.query.catalog;

import com.shopstream.query.api.Cursor;
import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.Params;
import com.shopstream.query.api.ReadEndpoint;
import com.shopstream.common.Money;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /v1/products?limit=100[&cursor][&category]}: the catalog in id order, a page at a
 * time, keyset-paginated by id.
 */
public final class ProductsHandler implements ReadEndpoint {

    private final Pool pool;

    public ProductsHandler(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<ProductPage> answer(Parameters params) {
        int limit = Params.integer(params, "limit", 100, 1, 1000);
        Cursor cursor = Cursor.from(params, "p", 1);
        long after = cursor == null ? 0 : cursor.longAt(0);
        String category = Params.category(params, "category");
        return pool.preparedQuery(CatalogSql.PRODUCTS_PAGE).execute(Tuple.of(after, category, limit + 1)).map(rows -> {
            List<ProductPage.Product> products = new ArrayList<>(limit);
            boolean more = false;
            for (Row row : rows) {
                if (products.size() == limit) {
                    more = true;
                    break;
                }
                products.add(new ProductPage.Product(row.getLong(0), row.getString(1), row.getString(2), row.getString(3),
                        Money.normalized(row.getBigDecimal(4)), row.getLong(5)));
            }
            String next = more ? Cursor.encode("p", products.get(limit - 1).id()) : null;
            return new ProductPage(products, next);
        });
    }
}
