package com.shopstream.query.recommendations;

import com.shopstream.common.Vectors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Nearest-neighbour search over the catalog's embeddings through the HNSW index, with filters that
 * do not cost results: the index scan goes on while filters reject candidates.
 */
public final class NearestProducts {

    /** What the neighbours must satisfy besides not being excluded; nulls do not filter. */
    record Filter(String category, BigDecimal minPrice, BigDecimal maxPrice, boolean inStockOnly) {

        static final Filter NONE = new Filter(null, null, null, false);
    }

    /** A product near the vector, and how near: the cosine similarity, to four decimals. */
    record Neighbour(ProductCard product, BigDecimal score) implements Recommendations.Recommended {

        @Override
        public JsonObject toJson() {
            return product.toJson().put("score", score);
        }
    }

    private final Pool pool;
    private final int efSearch;

    public NearestProducts(Pool pool, int efSearch) {
        this.pool = pool;
        this.efSearch = efSearch;
    }

    /** Products nearest to {@code vector}, closest first. */
    Future<List<Neighbour>> find(float[] vector, List<Long> excluded, Filter filter, int limit) {
        Tuple params = Tuple.of(Vectors.format(vector), excluded.toArray(Long[]::new), filter.category(),
                filter.minPrice(), filter.maxPrice(), filter.inStockOnly(), limit);
        return pool.withTransaction(conn -> conn.query(RecommendationSql.hnswSettings(efSearch)).execute()
                .compose(v -> conn.preparedQuery(RecommendationSql.NEAREST).execute(params))
                .map(rows -> {
                    List<Neighbour> products = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        products.add(new Neighbour(ProductCard.of(row), score(row.getDouble(5))));
                    }
                    return products;
                }));
    }

    /** A similarity or rank score, to four decimals. */
    static BigDecimal score(double value) {
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP);
    }
}
