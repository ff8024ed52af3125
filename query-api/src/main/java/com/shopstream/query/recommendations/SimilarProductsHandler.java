package com.shopstream.query.recommendations;

import com.shopstream.query.api.ApiException;
import com.shopstream.query.api.BadParameterException;
import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.Params;
import com.shopstream.query.api.ReadEndpoint;
import com.shopstream.common.Vectors;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/products/{id}/similar?limit=10[&category][&minPrice][&maxPrice][&inStock=true]}:
 * the products whose embeddings are nearest to this one's, never the product itself, filtered
 * without losing results. 404 for a product not in the catalog, 503 for one not embedded yet.
 */
public final class SimilarProductsHandler implements ReadEndpoint {

    private static final BigDecimal MAX_PRICE = new BigDecimal("9999999999.99");

    private final Pool pool;
    private final NearestProducts nearest;

    public SimilarProductsHandler(Pool pool, NearestProducts nearest) {
        this.pool = pool;
        this.nearest = nearest;
    }

    @Override
    public Future<SimilarProducts> answer(Parameters params) {
        long productId = Params.pathId(params, "productId");
        int limit = Params.integer(params, "limit", 10, 1, 100);
        BigDecimal minPrice = Params.decimal(params, "minPrice", null, BigDecimal.ZERO, MAX_PRICE);
        BigDecimal maxPrice = Params.decimal(params, "maxPrice", null, BigDecimal.ZERO, MAX_PRICE);
        if (minPrice != null && maxPrice != null && minPrice.compareTo(maxPrice) > 0) {
            throw new BadParameterException("maxPrice", "must not be below minPrice");
        }
        NearestProducts.Filter filter = new NearestProducts.Filter(Params.category(params, "category"), minPrice, maxPrice,
                Params.choice(params, "inStock", "false", Map.of("true", true, "false", false)));
        return pool.preparedQuery(RecommendationSql.PRODUCT_EMBEDDING).execute(Tuple.of(productId)).compose(rows -> {
            if (rows.size() == 0) {
                throw ApiException.notFound("product " + productId + " is not in the catalog");
            }
            String embedding = rows.iterator().next().getString(0);
            if (embedding == null) {
                throw ApiException.unavailable("product " + productId + " has no embedding yet; it is being computed", 5);
            }
            return nearest.find(Vectors.parse(embedding), List.of(productId), filter, limit)
                    .map(similar -> new SimilarProducts(productId, similar));
        });
    }
}
