package com.shopstream.query.catalog;

import com.shopstream.query.api.Cursor;
import com.shopstream.query.api.JsonAnswer;
import com.shopstream.query.api.Params;
import com.shopstream.common.Money;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * {@code GET /v1/products?limit=100[&cursor][&category]}: the catalog in id order, a page at a
 * time, keyset-paginated by id.
 */
public final class ProductsHandler implements JsonAnswer {

    private final Pool pool;

    public ProductsHandler(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<JsonObject> answer(RoutingContext ctx) {
        int limit = Params.integer(ctx, "limit", 100, 1, 1000);
        Cursor cursor = Cursor.from(ctx, "p", 1);
        long after = cursor == null ? 0 : cursor.longAt(0);
        String category = Params.category(ctx, "category");
        return pool.preparedQuery(CatalogSql.PRODUCTS_PAGE).execute(Tuple.of(after, category, limit + 1)).map(rows -> {
            JsonArray products = new JsonArray();
            long lastId = after;
            boolean more = false;
            for (Row row : rows) {
                if (products.size() == limit) {
                    more = true;
                    break;
                }
                lastId = row.getLong(0);
                products.add(new JsonObject()
                        .put("id", lastId)
                        .put("name", row.getString(1))
                        .put("category", row.getString(2))
                        .put("brand", row.getString(3))
                        .put("price", Money.normalized(row.getBigDecimal(4)))
                        .put("stock", row.getLong(5)));
            }
            return new JsonObject()
                    .put("products", products)
                    .put("nextCursor", more ? Cursor.encode("p", lastId) : null);
        });
    }
}
