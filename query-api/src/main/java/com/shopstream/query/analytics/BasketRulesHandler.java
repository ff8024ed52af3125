package com.shopstream.query.analytics;

import com.shopstream.query.api.Cursor;
import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.Params;
import com.shopstream.query.api.ReadEndpoint;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /v1/basket/rules?minSupport&minConfidence[&limit][&cursor]}: association rules A → B
 * between products bought in the same order, strongest support first, with confidence and lift;
 * from the {@code product_pairs} view.
 */
public final class BasketRulesHandler implements ReadEndpoint {

    private final Pool pool;

    public BasketRulesHandler(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<BasketRulePage> answer(Parameters params) {
        BigDecimal minSupport = Params.decimal(params, "minSupport", new BigDecimal("0.001"), BigDecimal.ZERO, BigDecimal.ONE);
        BigDecimal minConfidence = Params.decimal(params, "minConfidence", new BigDecimal("0.1"), BigDecimal.ZERO, BigDecimal.ONE);
        int limit = Params.integer(params, "limit", 50, 1, 500);
        Cursor cursor = Cursor.from(params, "r", 3);
        return pool.preparedQuery(AnalyticsSql.BASKET_TOTAL).execute().compose(totals -> {
            long total = totals.size() == 0 ? 0 : totals.iterator().next().getLong(0);
            // Support is together / total, so the minimum support is a minimum count of orders together (at least one).
            long minTogether = Math.max(1, minSupport.multiply(BigDecimal.valueOf(total)).setScale(0, RoundingMode.CEILING).longValueExact());
            return pool.preparedQuery(AnalyticsSql.BASKET_RULES).execute(Tuple.of(minTogether, minConfidence,
                    cursor == null ? null : cursor.longAt(0), cursor == null ? null : cursor.longAt(1),
                    cursor == null ? null : cursor.longAt(2), limit + 1));
        }).map(rows -> {
            List<BasketRulePage.Rule> rules = new ArrayList<>(limit);
            String next = null;
            OffsetDateTime asOf = null;
            Long total = null;
            for (Row row : rows) {
                if (rules.size() == limit) {
                    BasketRulePage.Rule last = rules.get(limit - 1);
                    next = Cursor.encode("r", last.stats().together(), last.antecedentId(), last.consequentId());
                    break;
                }
                PairStats stats = new PairStats(row.getLong(4), row.getLong(5), row.getLong(6), row.getLong(7));
                total = stats.total();
                asOf = row.getOffsetDateTime(8);
                rules.add(new BasketRulePage.Rule(row.getLong(0), row.getString(1), row.getLong(2), row.getString(3), stats));
            }
            return new BasketRulePage(minSupport, minConfidence, asOf, total, rules, next);
        });
    }
}
