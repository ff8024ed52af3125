package com.shopstream.query.live;

import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.Params;
import com.shopstream.query.api.ReadEndpoint;
import com.shopstream.common.LuaScript;
import com.shopstream.common.Money;
import com.shopstream.common.realtime.KeyGroups;
import com.shopstream.common.realtime.RealtimeKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/products/top?window=1h&limit=10}: the best-selling products of the window ending
 * now, by revenue, from the Redis leaderboards (one Lua call per key group), named from the catalog.
 * With one key group the script ranks; with several, each returns its whole union (a product sells in
 * every group), which are summed here, so the ranking stays exact.
 */
public final class TopProductsHandler implements ReadEndpoint {

    private static final LuaScript TOP = LuaScript.fromResource(TopProductsHandler.class, "/top_products.lua");
    private static final Comparator<Ranked> BY_REVENUE = Comparator.comparingLong(Ranked::revenueCents).reversed()
            // Redis ranks equal scores by member, last first; so does this, for the same order on any layout.
            .thenComparing(r -> Long.toString(r.productId()), Comparator.reverseOrder());

    private final Redis redis;
    private final KeyGroups keyGroups;
    private final Pool pool;
    private final Clock clock;

    public TopProductsHandler(Redis redis, KeyGroups keyGroups, Pool pool, Clock clock) {
        this.redis = redis;
        this.keyGroups = keyGroups;
        this.pool = pool;
        this.clock = clock;
    }

    private record Ranked(long productId, long revenueCents, long units) {

        Ranked plus(Ranked other) {
            return new Ranked(productId, revenueCents + other.revenueCents, units + other.units);
        }
    }

    @Override
    public Future<TopProducts> answer(Parameters params) {
        Window window = Window.parameter(params, "window", Window.ONE_HOUR);
        int limit = Params.integer(params, "limit", 10, 1, 100);
        return compute(window, limit);
    }

    Future<TopProducts> compute(Window window, int limit) {
        Instant asOf = clock.instant();
        WindowPlan plan = WindowPlan.ending(asOf, window);
        int perGroup = keyGroups.count() == 1 ? limit : 0;
        List<Future<Response>> groups = keyGroups.all().mapToObj(group -> {
            List<String> keys = new ArrayList<>();
            keys.add(RealtimeKeys.scratch(group, "top"));
            plan.buckets().forEach(b -> keys.add(RealtimeKeys.productRevenue(group, b.resolution(), b.start())));
            plan.buckets().forEach(b -> keys.add(RealtimeKeys.productUnits(group, b.resolution(), b.start())));
            return TOP.run(redis, keys, List.of(Integer.toString(plan.buckets().size()), Integer.toString(perGroup)));
        }).toList();

        return Future.all(groups).compose(all -> {
            Map<Long, Ranked> sums = new HashMap<>();
            for (Future<Response> group : groups) {
                Response reply = group.result();
                for (int i = 0; i + 2 < reply.size(); i += 3) {
                    sums.merge(reply.get(i).toLong(), new Ranked(reply.get(i).toLong(),
                            wholeNumber(reply.get(i + 1).toString()), wholeNumber(reply.get(i + 2).toString())), Ranked::plus);
                }
            }
            List<Ranked> ranked = sums.values().stream().sorted(BY_REVENUE).limit(limit).toList();
            Long[] ids = ranked.stream().map(Ranked::productId).toArray(Long[]::new);
            return pool.preparedQuery(LiveSql.PRODUCT_SUMMARIES).execute(Tuple.of((Object) ids)).map(rows -> {
                Map<Long, Row> catalog = new HashMap<>();
                rows.forEach(row -> catalog.put(row.getLong(0), row));
                List<TopProducts.Product> products = new ArrayList<>(ranked.size());
                for (Ranked r : ranked) {
                    Row row = catalog.get(r.productId());
                    products.add(new TopProducts.Product(r.productId(), row == null ? null : row.getString(1),
                            row == null ? "unknown" : row.getString(2), Money.fromCents(r.revenueCents()), r.units()));
                }
                return new TopProducts(window, asOf, plan.start(), products);
            });
        });
    }

    /** Sorted-set scores are doubles; ours are whole numbers below 2^53, so this is exact. */
    private static long wholeNumber(String score) {
        return Math.round(Double.parseDouble(score));
    }
}
