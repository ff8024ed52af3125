package com.shopstream.query.sales;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Forecasts an hourly series by blending a seasonal naive forecast (the same hour on the last day
 * before the forecast's origin) half and half with the moving average of the 24 hours before the
 * origin. The backtest replays the method from origins one, two, … seven days back, each forecasting
 * {@code horizon} hours with only the data before it, and reports its mean absolute error and mean
 * absolute percentage error (over hours with a non-zero actual) next to those of the two methods
 * alone.
 */
final class HourlyForecast {

    static final Duration HOUR = Duration.ofHours(1);
    static final Duration DAY = Duration.ofDays(1);
    static final int BACKTEST_DAYS = 7;

    /** A forecast value for an hour. */
    record Point(Instant bucket, double value) {
    }

    /** Errors of the method and of its two parts over the backtest. */
    record Backtest(int origins, int points, double mae, Double mape, double seasonalNaiveMae, double movingAverageMae) {
    }

    private final Map<Instant, Double> history;

    /** {@code history}: hourly values, absent hours counting as zero. */
    HourlyForecast(Map<Instant, Double> history) {
        this.history = history;
    }

    /** The forecast of the {@code horizon} hours from {@code origin} (an hour boundary), from the data before it. */
    List<Point> forecast(Instant origin, int horizon) {
        List<Point> points = new ArrayList<>(horizon);
        for (int h = 0; h < horizon; h++) {
            Instant bucket = origin.plus(HOUR.multipliedBy(h));
            points.add(new Point(bucket, (seasonalNaive(origin, bucket) + movingAverage(origin)) / 2));
        }
        return points;
    }

    /** Replays the method from up to seven daily origins before {@code now} whose day of history lies after {@code dataStart}. */
    Backtest backtest(Instant now, int horizon, Instant dataStart) {
        Errors blended = new Errors();
        Errors seasonal = new Errors();
        Errors average = new Errors();
        int origins = 0;
        for (int day = 1; day <= BACKTEST_DAYS; day++) {
            Instant origin = now.minus(DAY.multipliedBy(day));
            if (dataStart == null || origin.minus(DAY).isBefore(dataStart)) {
                break;
            }
            origins++;
            for (int h = 0; h < horizon; h++) {
                Instant bucket = origin.plus(HOUR.multipliedBy(h));
                if (!bucket.isBefore(now)) {
                    break;
                }
                double actual = value(bucket);
                double s = seasonalNaive(origin, bucket);
                double m = movingAverage(origin);
                blended.add(actual, (s + m) / 2);
                seasonal.add(actual, s);
                average.add(actual, m);
            }
        }
        return new Backtest(origins, blended.count, blended.mae(), blended.mape(), seasonal.mae(), average.mae());
    }

    /** The same hour of day on the last full day before the origin. */
    private double seasonalNaive(Instant origin, Instant bucket) {
        long daysAhead = Duration.between(origin, bucket).toDays() + 1;
        return value(bucket.minus(DAY.multipliedBy(daysAhead)));
    }

    /** The mean of the 24 hours before the origin (the same for every hour ahead). */
    private double movingAverage(Instant origin) {
        double sum = 0;
        for (int h = 1; h <= 24; h++) {
            sum += value(origin.minus(HOUR.multipliedBy(h)));
        }
        return sum / 24;
    }

    private double value(Instant bucket) {
        return history.getOrDefault(bucket, 0.0);
    }

    private static final class Errors {
        int count;
        int percentCount;
        double absolute;
        double percent;

        void add(double actual, double forecast) {
            count++;
            absolute += Math.abs(actual - forecast);
            if (actual != 0) {
                percentCount++;
                percent += Math.abs(actual - forecast) / Math.abs(actual);
            }
        }

        double mae() {
            return count == 0 ? 0 : absolute / count;
        }

        Double mape() {
            return percentCount == 0 ? null : 100 * percent / percentCount;
        }
    }
}
