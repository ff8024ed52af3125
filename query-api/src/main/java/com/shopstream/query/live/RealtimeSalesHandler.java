package com.shopstream.query.live;

import com.shopstream.query.api.Measures;
import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.Params;
import com.shopstream.query.api.ReadEndpoint;
import com.shopstream.common.RedisBatch;
import com.shopstream.common.realtime.KeyGroups;
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

/**
 * {@code GET /v1/sales/realtime?window=1m|5m|15m|1h&groupBy=none|category|region}: sales in the
 * window ending now, by event time, from the Redis buckets of every key group, read in one pipelined
 * round trip per group, all at once.
 */
public final class RealtimeSalesHandler implements ReadEndpoint {

    public enum GroupBy { NONE, CATEGORY, REGION }

    private static final Map<String, GroupBy> GROUP_BY = Map.of(
            "none", GroupBy.NONE, "category", GroupBy.CATEGORY, "region", GroupBy.REGION);

    private final Redis redis;
    private final KeyGroups keyGroups;
    private final Clock clock;

    public RealtimeSalesHandler(Redis redis, KeyGroups keyGroups, Clock clock) {
        this.redis = redis;
        this.keyGroups = keyGroups;
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
        GroupKey groupKey = switch (groupBy) {
            case CATEGORY -> RealtimeKeys::byCategory;
            case REGION -> RealtimeKeys::byRegion;
            case NONE -> null;
        };

        RedisBatch batch = new RedisBatch();
        List<Integer> totalReplies = new ArrayList<>();
        List<Integer> groupReplies = new ArrayList<>();
        List<Integer> distinctReplies = new ArrayList<>();
        keyGroups.all().forEach(group -> {
            Request distinct = Request.cmd(Command.PFCOUNT);
            for (WindowPlan.Bucket bucket : plan.buckets()) {
                String totals = RealtimeKeys.totals(group, bucket.resolution(), bucket.start());
                totalReplies.add(batch.add(totals, Request.cmd(Command.HGETALL).arg(totals)));
                distinct.arg(RealtimeKeys.customers(group, bucket.resolution(), bucket.start()));
                if (groupKey != null) {
                    String key = groupKey.of(group, bucket.resolution(), bucket.start());
                    groupReplies.add(batch.add(key, Request.cmd(Command.HGETALL).arg(key)));
                }
            }
            // Customers are partitioned by Kafka key, so no customer is in two groups: the counts add up.
            WindowPlan.Bucket first = plan.buckets().get(0);
            distinctReplies.add(batch.add(RealtimeKeys.customers(group, first.resolution(), first.start()), distinct));
        });

        return batch.send(redis).map(replies -> {
            Measures totals = new Measures();
            totalReplies.forEach(i -> forEachField(replies.get(i), totals::add));
            Map<String, Measures> groups = new HashMap<>();
            groupReplies.forEach(i -> forEachField(replies.get(i), (field, value) -> {
                int split = field.lastIndexOf('|');
                groups.computeIfAbsent(field.substring(0, split), g -> new Measures())
                        .add(field.substring(split + 1), value);
            }));
            long customers = distinctReplies.stream().mapToLong(i -> replies.get(i).toLong()).sum();
            List<RealtimeSales.Group> byRevenue = groups.entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<String, Measures> e) -> e.getValue().revenueCents()).reversed()
                            .thenComparing(Map.Entry::getKey))
                    .map(e -> new RealtimeSales.Group(e.getKey(), e.getValue()))
                    .toList();
            return new RealtimeSales(window, asOf, plan.start(), groupBy, totals, customers, byRevenue);
        });
    }

    /** Sales per minute from the Redis minute buckets: the {@code minutes} minutes up to and including the current one. */
    Future<List<MinuteSales>> perMinute(Instant asOf, int minutes) {
        long current = Resolution.MINUTE.bucketOf(asOf.getEpochSecond());
        RedisBatch batch = new RedisBatch();
        keyGroups.all().forEach(group -> {
            for (int i = minutes - 1; i >= 0; i--) {
                String key = RealtimeKeys.totals(group, Resolution.MINUTE, current - 60L * i);
                batch.add(key, Request.cmd(Command.HGETALL).arg(key));
            }
        });
        return batch.send(redis).map(replies -> {
            List<MinuteSales> points = new ArrayList<>(minutes);
            for (int i = 0; i < minutes; i++) {
                Measures measures = new Measures();
                for (int group = 0; group < keyGroups.count(); group++) {
                    forEachField(replies.get(group * minutes + i), measures::add);
                }
                points.add(new MinuteSales(Instant.ofEpochSecond(current - 60L * (minutes - 1 - i)), measures));
            }
            return points;
        });
    }

    /** The key of a bucket's per-category or per-region hash. */
    private interface GroupKey {
        String of(int group, Resolution resolution, long bucketStart);
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
