package com.shopstream.query.sales;

import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.Params;
import com.shopstream.query.api.ReadEndpoint;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/anomalies?metric=revenue|orders&granularity=minute|hour&from&to[&threshold=3][&days=7][&region][&category]}:
 * the buckets of the range whose value lies outside the band of their seasonal same-hour baseline
 * (see {@link SeasonalBaseline}), each with its expected value, band and z-score. Ranges are at
 * most 7 days of hours or 6 hours of minutes.
 */
public final class AnomaliesHandler implements ReadEndpoint {

    private static final Map<String, Granularity> GRANULARITIES = Map.of("minute", Granularity.MINUTE, "hour", Granularity.HOUR);
    private static final int MIN_BASELINE_DAYS = 3;

    private final Pool pool;

    public AnomaliesHandler(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<SalesAnomalies> answer(Parameters params) {
        SalesSeries.Metric metric = Params.choice(params, "metric", "revenue", SalesSeries.METRICS);
        Granularity granularity = Params.choice(params, "granularity", "hour", GRANULARITIES);
        boolean hourly = granularity == Granularity.HOUR;
        Params.Range range = Params.range(params, hourly ? Duration.ofDays(7) : Duration.ofHours(6));
        BigDecimal threshold = Params.decimal(params, "threshold", BigDecimal.valueOf(3), new BigDecimal("0.5"), BigDecimal.TEN);
        int days = Params.integer(params, "days", 7, MIN_BASELINE_DAYS, 28);
        SalesSeries series = new SalesSeries(pool, Params.region(params, "region"), Params.category(params, "category"));
        Instant from = granularity.floor(range.from());
        Instant to = granularity.ceil(range.to());
        Instant firstHour = Granularity.HOUR.floor(from);
        Instant lastHour = Granularity.HOUR.ceil(to);
        Future<Map<Instant, Double>> values = hourly
                ? series.hourly(metric, firstHour.minus(Duration.ofDays(days)), lastHour)
                : series.minutesOverDays(metric, firstHour, lastHour, days);
        Future<Instant> dataStart = series.dataStart();
        return Future.all(values, dataStart).map(all -> {
            // A deviation floor of one unit (1.00 of revenue, one order) keeps a flat baseline from flagging noise.
            SeasonalBaseline baseline = new SeasonalBaseline(days, MIN_BASELINE_DAYS, threshold.doubleValue(), 1.0);
            List<SeasonalBaseline.Point> scored = baseline.score(values.result(), from, to, granularity.step(), dataStart.result());
            List<SalesAnomalies.Anomaly> anomalies = new ArrayList<>();
            for (SeasonalBaseline.Point point : scored) {
                if (point.anomalous()) {
                    anomalies.add(new SalesAnomalies.Anomaly(point.bucket(),
                            SeasonalBaseline.decimal(point.value(), metric.scale),
                            SeasonalBaseline.decimal(point.expected(), metric.scale),
                            SeasonalBaseline.decimal(point.lower(), metric.scale),
                            SeasonalBaseline.decimal(point.upper(), metric.scale),
                            SeasonalBaseline.decimal(point.zScore(), 2),
                            point.value() > point.upper() ? "above" : "below"));
                }
            }
            return new SalesAnomalies(metric.label(), granularity.label(), from, to, threshold, days, scored.size(), anomalies);
        });
    }
}
