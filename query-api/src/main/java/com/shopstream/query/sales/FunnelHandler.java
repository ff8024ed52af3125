package com.shopstream.query.sales;

import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.Params;
import com.shopstream.query.api.Ratios;
import com.shopstream.query.api.ReadEndpoint;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /v1/funnel?from&to[&category][&region]}: sessions reaching each step of
 * product_viewed → cart_added → checkout_started → order_placed, with the conversion from the
 * step before and overall. A session counts in the hour of its first step event ({@code from} is
 * rounded down and {@code to} up to whole hours) and reaches a step when it has events of that step
 * and every earlier one; the aggregator keeps the counts per hour as events arrive.
 */
public final class FunnelHandler implements ReadEndpoint {

    static final List<String> STEPS = List.of("product_viewed", "cart_added", "checkout_started", "order_placed");
    private static final Duration MAX_RANGE = Duration.ofDays(31);

    private final Pool pool;

    public FunnelHandler(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<Funnel> answer(Parameters params) {
        Params.Range range = Params.range(params, MAX_RANGE);
        Instant from = Granularity.HOUR.floor(range.from());
        Instant to = Granularity.HOUR.ceil(range.to());
        return compute(from, to, Params.category(params, "category"), Params.region(params, "region"));
    }

    /** The funnel of sessions that started in the whole hours [from, to). */
    public Future<Funnel> compute(Instant from, Instant to, String category, String region) {
        Tuple params = Tuple.of(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC), category == null ? "" : category, region);
        return pool.preparedQuery(SalesSql.FUNNEL).execute(params).map(rows -> {
            long[] atLevel = new long[STEPS.size() + 1];
            rows.forEach(row -> atLevel[row.getInteger(0)] = row.getLong(1));
            List<Funnel.Step> steps = new ArrayList<>(STEPS.size());
            long first = 0;
            long previous = 0;
            for (int i = 0; i < STEPS.size(); i++) {
                long sessions = 0;
                for (int level = i + 1; level < atLevel.length; level++) {
                    sessions += atLevel[level];
                }
                first = i == 0 ? sessions : first;
                steps.add(new Funnel.Step(STEPS.get(i), sessions, i == 0 ? null : Ratios.of(sessions, previous)));
                previous = sessions;
            }
            return new Funnel(from, to, category, region, steps, Ratios.of(previous, first));
        });
    }
}
