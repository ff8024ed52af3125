package com.shopstream.query.analytics;

import com.shopstream.query.api.ApiException;
import com.shopstream.query.api.Cursor;
import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.Params;
import com.shopstream.query.api.ReadEndpoint;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /v1/products/{id}/bought-together[?limit][&cursor]}: the products most often in the
 * same order as this one, by orders together, with support, confidence and lift; from the
 * {@code product_pairs} view. 404 for a product neither in the catalog nor in any order.
 */
public final class BoughtTogetherHandler implements ReadEndpoint {

    private final Pool pool;

    public BoughtTogetherHandler(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<BoughtTogetherPage> answer(Parameters params) {
        long productId = Params.pathId(params, "productId");
        int limit = Params.integer(params, "limit", 10, 1, 100);
        Cursor cursor = Cursor.from(params, "b", 2);
        Tuple arguments = Tuple.of(productId, cursor == null ? null : cursor.longAt(0), cursor == null ? null : cursor.longAt(1), limit + 1);
        Future<RowSet<Row>> pairs = pool.preparedQuery(AnalyticsSql.BOUGHT_TOGETHER).execute(arguments);
        Future<RowSet<Row>> product = pool.preparedQuery(AnalyticsSql.PRODUCT_EXISTS).execute(Tuple.of(productId));
        return Future.all(pairs, product).map(all -> {
            if (product.result().size() == 0 && pairs.result().size() == 0 && cursor == null) {
                throw ApiException.notFound("product " + productId + " is not in the catalog and in no order");
            }
            List<BoughtTogetherPage.Partner> products = new ArrayList<>(limit);
            String next = null;
            Long productOrders = null;
            OffsetDateTime asOf = null;
            for (Row row : pairs.result()) {
                if (products.size() == limit) {
                    BoughtTogetherPage.Partner last = products.get(limit - 1);
                    next = Cursor.encode("b", last.stats().together(), last.productId());
                    break;
                }
                PairStats stats = new PairStats(row.getLong(3), row.getLong(4), row.getLong(5), row.getLong(6));
                productOrders = stats.withProduct();
                asOf = row.getOffsetDateTime(7);
                products.add(new BoughtTogetherPage.Partner(row.getLong(0), row.getString(1),
                        row.getString(2) == null ? "unknown" : row.getString(2), stats));
            }
            return new BoughtTogetherPage(productId, asOf, productOrders, products, next);
        });
    }
}
