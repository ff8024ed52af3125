package com.shopstream.query.live;

import com.shopstream.query.api.Measures;
import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.Params;
import com.shopstream.query.api.ReadEndpoint;
import com.shopstream.common.realtime.RealtimeKeys;
import com.shopstream.common.realtime.Resolution;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * {@code GET /v1/sales/realtime?window=1m|5m|15m|1h&groupBy=none|category|region}: sales in the
 * window ending now, by event time, from the Redis buckets, read in one pipelined round trip.
 */
public final class RealtimeSalesHandler implements ReadEndpoint {

    public enum GroupBy { NONE, CATEGORY, REGION }

    private static final Map<String, GroupBy> GROUP_BY = Map.of(
            "none", GroupBy.NONE, "category", GroupBy.CATEGORY, "region", GroupBy.REGION);

    private final Redis redis;
    private final Clock clock;

    public RealtimeSalesHandler(Redis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    @Override
    public Future<RealtimeSales> answer(Parameters params) {
        Window window = Window.parameter(params, "window", Window.FIVE_MINUTES);
        GroupBy groupBy = Params.choice(params, "groupBy", "none", GROUP_BY);
        return compute(window, groupBy);
    }

    Future<RealtimeSales> compute(Window window, GroupBy groupBy) {
        Instant asOf = clock.instant();
        WindowPlan plan = WindowPlan.ending(asOf, window);

        List<Request> requests = new ArrayList<>();
        Request distinct = Request.cmd(Command.PFCOUNT);
        for (WindowPlan.Bucket bucket : plan.buckets()) {
            requests.add(Request.cmd(Command.HGETALL).arg(RealtimeKeys.totals(bucket.resolution(), bucket.start())));
            distinct.arg(RealtimeKeys.customers(bucket.resolution(), bucket.start()));
        }
        BiFunction<Resolution, Long, String> groupKey = switch (groupBy) {
            case CATEGORY -> RealtimeKeys::byCategory;
            case REGION -> RealtimeKeys::byRegion;
            case NONE -> null;
        };
        if (groupKey != null) {
            for (WindowPlan.Bucket bucket : plan.buckets()) {
                requests.add(Request.cmd(Command.HGETALL).arg(groupKey.apply(bucket.resolution(), bucket.start())));
            }
        }
        requests.add(distinct);

        return redis.batch(requests).map(replies -> {
            int buckets = plan.buckets().size();
            Measures totals = new Measures();
            for (int i = 0; i < buckets; i++) {
                forEachField(replies.get(i), totals::add);
            }
            Map<String, Measures> groups = new HashMap<>();
            if (groupKey != null) {
                for (int i = buckets; i < 2 * buckets; i++) {
                    forEachField(replies.get(i), (field, value) -> {
                        int split = field.lastIndexOf('|');
                        groups.computeIfAbsent(field.substring(0, split), g -> new Measures())
                                .add(field.substring(split + 1), value);
                    });
                }
            }
            List<RealtimeSales.Group> byRevenue = groups.entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<String, Measures> e) -> e.getValue().revenueCents()).reversed()
                            .thenComparing(Map.Entry::getKey))
                    .map(e -> new RealtimeSales.Group(e.getKey(), e.getValue()))
                    .toList();
            return new RealtimeSales(window, asOf, plan.start(), groupBy, totals, replies.get(replies.size() - 1).toLong(), byRevenue);
        });
    }

    /** Sales per minute from the Redis minute buckets: the {@code minutes} minutes up to and including the current one. */
    Future<List<MinuteSales>> perMinute(Instant asOf, int minutes) {
        long current = Resolution.MINUTE.bucketOf(asOf.getEpochSecond());
        List<Request> requests = new ArrayList<>(minutes);
        for (int i = minutes - 1; i >= 0; i--) {
            requests.add(Request.cmd(Command.HGETALL).arg(RealtimeKeys.totals(Resolution.MINUTE, current - 60L * i)));
        }
        return redis.batch(requests).map(replies -> {
            List<MinuteSales> points = new ArrayList<>(replies.size());
            for (int i = 0; i < replies.size(); i++) {
                Measures measures = new Measures();
                forEachField(replies.get(i), measures::add);
                points.add(new MinuteSales(Instant.ofEpochSecond(current - 60L * (minutes - 1 - i)), measures));
            }
            return points;
        });
    }

    private interface FieldConsumer {
        void accept(String field, long value);
    }

    /** HGETALL replies are flat arrays of field, value (RESP2). */
    private static void forEachField(Response hash, FieldConsumer consumer) {
        if (hash == null) {
            return;
        }
        for (int i = 0; i + 1 < hash.size(); i += 2) {
            consumer.accept(hash.get(i).toString(), hash.get(i + 1).toLong());
        }
    }
}
