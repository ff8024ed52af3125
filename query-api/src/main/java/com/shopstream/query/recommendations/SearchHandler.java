package com.shopstream.query.recommendations;

import com.shopstream.query.api.BadParameterException;
import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.Params;
import com.shopstream.query.api.ReadEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/search?q=<text>&limit=10[&category]}: hybrid search. The words of the query are
 * matched against the catalog's full text (stemmed, name above brand above description) and its
 * embedding against the products' embeddings; the two rankings are fused by reciprocal rank, and
 * each result shows its rank in both.
 */
public final class SearchHandler implements ReadEndpoint {

    /** How deep each ranking goes before fusion: results past it would not reach the top anyway. */
    private static final int CANDIDATES = 50;

    private final Vertx vertx;
    private final Pool pool;
    private final TextEmbedder embedder;
    private final NearestProducts nearest;

    public SearchHandler(Vertx vertx, Pool pool, TextEmbedder embedder, NearestProducts nearest) {
        this.vertx = vertx;
        this.pool = pool;
        this.embedder = embedder;
        this.nearest = nearest;
    }

    @Override
    public Future<SearchResults> answer(Parameters params) {
        String query = Params.optional(params, "q");
        if (query == null || query.isBlank() || query.length() > 200) {
            throw new BadParameterException("q", "must be 1 to 200 characters of search text");
        }
        int limit = Params.integer(params, "limit", 10, 1, CANDIDATES);
        String category = Params.category(params, "category");
        int depth = Math.max(CANDIDATES, limit);
        Future<List<ProductCard>> byText = pool.preparedQuery(RecommendationSql.TEXT_MATCHES)
                .execute(Tuple.of(query, category, depth))
                .map(rows -> {
                    List<ProductCard> products = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        products.add(ProductCard.of(row));
                    }
                    return products;
                });
        NearestProducts.Filter filter = new NearestProducts.Filter(category, null, null, false);
        Future<List<NearestProducts.Neighbour>> byVector = vertx.executeBlocking(() -> embedder.embed(query), false)
                .compose(vector -> nearest.find(vector, List.of(), filter, depth));
        return Future.all(byText, byVector).map(all -> {
            List<ProductCard> byVectorProducts = byVector.result().stream().map(NearestProducts.Neighbour::product).toList();
            Map<Long, ProductCard> products = new HashMap<>();
            byText.result().forEach(p -> products.put(p.id(), p));
            byVectorProducts.forEach(p -> products.putIfAbsent(p.id(), p));
            List<SearchResults.Result> results = new ArrayList<>(limit);
            for (RankFusion.Fused fused : RankFusion.fuse(ids(byText.result()), ids(byVectorProducts), limit)) {
                results.add(new SearchResults.Result(products.get(fused.id()), fused.textRank(), fused.vectorRank(),
                        NearestProducts.score(fused.score())));
            }
            return new SearchResults(query, results);
        });
    }

    private static List<Long> ids(List<ProductCard> products) {
        return products.stream().map(ProductCard::id).toList();
    }
}
