package com.shopstream.query.sales;

import com.shopstream.query.api.BadParameterException;
import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.Params;
import com.shopstream.query.api.ReadEndpoint;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/sales/timeseries?from&to&granularity=minute|hour|day[&category][&region]}: sales
 * per bucket from the PostgreSQL rollups. {@code from} is rounded down and {@code to} up to whole
 * buckets; every bucket in between is present, zero when nothing sold.
 */
public final class TimeseriesHandler implements ReadEndpoint {

    private static final Map<String, Granularity> GRANULARITIES = Map.of(
            "minute", Granularity.MINUTE, "hour", Granularity.HOUR, "day", Granularity.DAY);

    private final Pool pool;

    public TimeseriesHandler(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<SalesTimeseries> answer(Parameters params) {
        Granularity granularity = Params.choice(params, "granularity", "minute", GRANULARITIES);
        Instant from = granularity.floor(Params.instant(params, "from"));
        Instant to = granularity.ceil(Params.instant(params, "to"));
        String category = Params.category(params, "category");
        String region = Params.region(params, "region");
        if (!to.isAfter(from)) {
            throw new BadParameterException("to", "must be after 'from'");
        }
        long buckets = (to.getEpochSecond() - from.getEpochSecond()) / granularity.step().toSeconds();
        if (buckets > granularity.maxBuckets()) {
            throw new BadParameterException("to", "a " + granularity.label() + " series spans at most "
                    + granularity.maxBuckets() + " buckets; this range has " + buckets);
        }
        Tuple arguments = Tuple.of(granularity.label(), from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC), region);
        if (category != null) {
            arguments.addString(category);
        }
        return pool.preparedQuery(SalesSql.timeseries(granularity, category != null)).execute(arguments).map(rows -> {
            Map<Instant, Row> byBucket = new HashMap<>();
            rows.forEach(row -> byBucket.put(row.getOffsetDateTime(0).toInstant(), row));
            List<SalesTimeseries.Point> points = new ArrayList<>();
            for (Instant bucket = from; bucket.isBefore(to); bucket = bucket.plus(granularity.step())) {
                Row row = byBucket.get(bucket);
                points.add(row == null
                        ? new SalesTimeseries.Point(bucket, BigDecimal.ZERO, 0, 0)
                        : new SalesTimeseries.Point(bucket, row.getBigDecimal(1), row.getLong(2), row.getLong(3)));
            }
            return new SalesTimeseries(granularity, from, to, category, region, points);
        });
    }
}
