package com.shopstream.query.sales;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scores each point of a series against the same hour of the previous days: the baseline of a
 * point is every bucket of its hour of day on each of the {@code days} days before (one hour per
 * day at hour granularity, sixty minutes per day at minute granularity), buckets without sales
 * counting as zero. A point is anomalous when its z-score against the baseline's mean and standard
 * deviation exceeds the threshold in either direction. The deviation is floored at
 * {@code minDeviation} so that a perfectly flat baseline does not flag the smallest change, and a
 * day before the first data is not part of the baseline; a point with fewer than
 * {@code minDays} baseline days is not scored.
 */
record SeasonalBaseline(int days, int minDays, double threshold, double minDeviation) {

    /** A scored point: its value, the baseline's mean, the band of mean ± threshold deviations, and the z-score. */
    record Point(Instant bucket, double value, double expected, double lower, double upper, double zScore) {
        boolean anomalous() {
            return value < lower || value > upper;
        }
    }

    /**
     * Scores the buckets of [{@code from}, {@code to}) stepping by {@code step}, from values that
     * must cover the baseline days too; {@code dataStart} is the first bucket with any data.
     */
    List<Point> score(Map<Instant, Double> values, Instant from, Instant to, Duration step, Instant dataStart) {
        List<Point> points = new ArrayList<>();
        for (Instant bucket = from; bucket.isBefore(to); bucket = bucket.plus(step)) {
            Instant hour = bucket.truncatedTo(ChronoUnit.HOURS);
            double sum = 0;
            double squares = 0;
            int samples = 0;
            int baselineDays = 0;
            for (int day = 1; day <= days; day++) {
                Instant start = hour.minus(Duration.ofDays(day));
                if (dataStart == null || start.isBefore(dataStart.truncatedTo(ChronoUnit.HOURS))) {
                    break;
                }
                baselineDays++;
                for (Instant b = start; b.isBefore(start.plus(Duration.ofHours(1))); b = b.plus(step)) {
                    double v = values.getOrDefault(b, 0.0);
                    sum += v;
                    squares += v * v;
                    samples++;
                }
            }
            if (baselineDays < minDays) {
                continue;
            }
            double mean = sum / samples;
            double deviation = Math.max(minDeviation, Math.sqrt(Math.max(0, squares / samples - mean * mean)));
            double value = values.getOrDefault(bucket, 0.0);
            points.add(new Point(bucket, value, mean, mean - threshold * deviation, mean + threshold * deviation,
                    (value - mean) / deviation));
        }
        return points;
    }

    /** A figure as the API shows it. */
    static BigDecimal decimal(double value, int scale) {
        return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_EVEN);
    }
}
