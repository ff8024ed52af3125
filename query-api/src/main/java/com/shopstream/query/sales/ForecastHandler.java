package com.shopstream.query.sales;

import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.Params;
import com.shopstream.query.api.ReadEndpoint;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/sales/forecast?granularity=hour&horizon=24[&metric=revenue|orders][&region][&category]}:
 * the next {@code horizon} hours from the current one, by {@link HourlyForecast}, with its backtest
 * on the stored data.
 */
public final class ForecastHandler implements ReadEndpoint {

    private static final Map<String, Granularity> GRANULARITIES = Map.of("hour", Granularity.HOUR);
    static final String METHOD = "seasonal naive (same hour, last day) blended 50/50 with the 24-hour moving average";

    private final Pool pool;

    public ForecastHandler(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<SalesForecast> answer(Parameters params) {
        Params.choice(params, "granularity", "hour", GRANULARITIES);
        int horizon = Params.integer(params, "horizon", 24, 1, 168);
        SalesSeries.Metric metric = Params.choice(params, "metric", "revenue", SalesSeries.METRICS);
        SalesSeries series = new SalesSeries(pool, Params.region(params, "region"), Params.category(params, "category"));
        Instant origin = Granularity.HOUR.floor(Instant.now());
        Duration history = HourlyForecast.DAY.multipliedBy(HourlyForecast.BACKTEST_DAYS + 2);
        Future<Map<Instant, Double>> values = series.hourly(metric, origin.minus(history), origin);
        Future<Instant> dataStart = series.dataStart();
        return Future.all(values, dataStart).map(all -> {
            HourlyForecast forecast = new HourlyForecast(values.result());
            List<SalesForecast.Point> points = forecast.forecast(origin, horizon).stream()
                    .map(p -> new SalesForecast.Point(p.bucket(), SeasonalBaseline.decimal(p.value(), metric.scale)))
                    .toList();
            Instant start = dataStart.result() == null ? null : Granularity.HOUR.floor(dataStart.result());
            HourlyForecast.Backtest backtest = forecast.backtest(origin, horizon, start);
            return new SalesForecast(metric.label(), horizon, origin, METHOD, points, new SalesForecast.Backtest(
                    backtest.origins(),
                    backtest.points(),
                    SeasonalBaseline.decimal(backtest.mae(), metric.scale),
                    backtest.mape() == null ? null : SeasonalBaseline.decimal(backtest.mape(), 2),
                    SeasonalBaseline.decimal(backtest.seasonalNaiveMae(), metric.scale),
                    SeasonalBaseline.decimal(backtest.movingAverageMae(), metric.scale)));
        });
    }
}
