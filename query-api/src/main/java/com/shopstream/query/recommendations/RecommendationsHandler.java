package com.shopstream.query.recommendations;

import com.shopstream.query.api.ApiException;
import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.Params;
import com.shopstream.query.api.ReadEndpoint;
import com.shopstream.common.Vectors;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code GET /v1/customers/{id}/recommendations?limit=10}: products the customer has not bought.
 * With enough history ({@code minEvents} views, cart adds and purchases) they are the products
 * nearest to the customer's taste vector ({@code "strategy":"personal"}); with less (cold start),
 * the products most ordered in the customer's latest region over the last 7 days, then in every
 * region, then products in stock ({@code "popular"}, each product with its {@code source}). 404 for
 * a customer with no events.
 */
public final class RecommendationsHandler implements ReadEndpoint {

    /** The customer's strongest product affinities that make up their taste vector. */
    private static final int TASTE_PRODUCTS = 50;

    private final Pool pool;
    private final NearestProducts nearest;
    private final int minEvents;

    public RecommendationsHandler(Pool pool, NearestProducts nearest, int minEvents) {
        this.pool = pool;
        this.nearest = nearest;
        this.minEvents = minEvents;
    }

    @Override
    public Future<Recommendations> answer(Parameters params) {
        long customerId = Params.pathId(params, "customerId");
        int limit = Params.integer(params, "limit", 10, 1, 100);
        Future<RowSet<Row>> history = pool.preparedQuery(RecommendationSql.CUSTOMER_HISTORY).execute(Tuple.of(customerId));
        Future<List<Long>> bought = pool.preparedQuery(RecommendationSql.BOUGHT).execute(Tuple.of(customerId)).map(rows -> {
            List<Long> ids = new ArrayList<>(rows.size());
            rows.forEach(row -> ids.add(row.getLong(0)));
            return ids;
        });
        return Future.all(history, bought).compose(all -> {
            Row row = history.result().iterator().next();
            long products = row.getLong(0);
            if (products == 0 && !row.getBoolean(3)) {
                return Future.succeededFuture((Recommendations) null);
            }
            long events = row.getLong(1);
            String region = row.getString(2);
            if (events < minEvents) {
                return popular(customerId, region, bought.result(), limit);
            }
            return personal(customerId, bought.result(), limit).compose(found -> found.isEmpty()
                    ? popular(customerId, region, bought.result(), limit)
                    : Future.succeededFuture(Recommendations.personal(customerId, found)));
        }).map(answer -> {
            if (answer == null) {
                throw ApiException.notFound("customer " + customerId + " has no events");
            }
            return answer;
        });
    }

    /** Nearest products to the customer's taste; empty when none of their products is embedded yet. */
    private Future<List<NearestProducts.Neighbour>> personal(long customerId, List<Long> bought, int limit) {
        return pool.preparedQuery(RecommendationSql.TASTE_PARTS).execute(Tuple.of(customerId, TASTE_PRODUCTS)).compose(rows -> {
            List<TasteVector.Part> parts = new ArrayList<>(rows.size());
            rows.forEach(row -> parts.add(new TasteVector.Part(row.getDouble(0), Vectors.parse(row.getString(1)))));
            return parts.isEmpty()
                    ? Future.succeededFuture(List.of())
                    : nearest.find(TasteVector.of(parts), bought, NearestProducts.Filter.NONE, limit);
        });
    }

    /**
     * Cold start: the region's most ordered products, then every region's, then products in stock,
     * until {@code limit}; never one the customer bought. Empty only when the catalog holds nothing
     * else in stock.
     */
    private Future<Recommendations> popular(long customerId, String region, List<Long> bought, int limit) {
        List<Recommendations.Popular> chosen = new ArrayList<>(limit);
        Future<Void> inRegion = region == null ? Future.succeededFuture() : addUpTo(limit, chosen, bought,
                RecommendationSql.POPULAR_IN_REGION, Tuple.of(region),
                row -> new Recommendations.Popular(ProductCard.of(row), Recommendations.Source.REGION, row.getLong(5), row.getLong(6)));
        return inRegion
                .compose(v -> addUpTo(limit, chosen, bought, RecommendationSql.POPULAR_EVERYWHERE, Tuple.tuple(),
                        row -> new Recommendations.Popular(ProductCard.of(row), Recommendations.Source.EVERYWHERE, row.getLong(5), null)))
                .compose(v -> addUpTo(limit, chosen, bought, RecommendationSql.IN_STOCK, Tuple.tuple(),
                        row -> new Recommendations.Popular(ProductCard.of(row), Recommendations.Source.CATALOG, null, null)))
                .map(v -> Recommendations.popular(customerId, region, chosen));
    }

    /**
     * Adds to {@code chosen}, until it holds {@code limit}, what the statement finds that is neither
     * bought nor chosen; the statement takes {@code leading} parameters, then those excluded and how many.
     */
    private Future<Void> addUpTo(int limit, List<Recommendations.Popular> chosen, List<Long> bought, String sql, Tuple leading,
                                 Function<Row, Recommendations.Popular> popular) {
        if (chosen.size() >= limit) {
            return Future.succeededFuture();
        }
        List<Long> excluded = new ArrayList<>(bought);
        chosen.forEach(p -> excluded.add(p.product().id()));
        Tuple params = leading.addValue(excluded.toArray(Long[]::new)).addValue(limit - chosen.size());
        return pool.preparedQuery(sql).execute(params).map(rows -> {
            rows.forEach(row -> chosen.add(popular.apply(row)));
            return null;
        });
    }
}
