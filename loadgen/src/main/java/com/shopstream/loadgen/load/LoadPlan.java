package com.shopstream.loadgen.load;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What one load run sends and checks: the rate and duration, the path (Kafka or ingest's HTTP API),
 * the seed, the catalog and customer base, the traffic's shape, whether the API's answers are
 * verified against the ground truth afterwards, and where that ground truth is written.
 */
public record LoadPlan(int rate, Duration duration, Via via, long seed, int products, int customers, int batch,
                       TrafficShaper.Shares shares, boolean verify, Path truthDir) {

    public enum Via { kafka, http }

    public static final int DEFAULT_PRODUCTS = 1000;
    public static final int DEFAULT_BATCH = 200;
    public static final double DEFAULT_OUT_OF_ORDER_SHARE = 0.05;
    public static final double DEFAULT_LATE_SHARE = 0.005;
    public static final double DEFAULT_DUPLICATE_SHARE = 0.01;

    /** A verified run with every other choice at its default, as {@code infra/load --verify} makes one. */
    public static LoadPlan verified(int rate, Duration duration, Via via, long seed) {
        return new LoadPlan(rate, duration, via, seed, DEFAULT_PRODUCTS, ShopperSimulator.DEFAULT_CUSTOMERS, DEFAULT_BATCH,
                new TrafficShaper.Shares(DEFAULT_OUT_OF_ORDER_SHARE, DEFAULT_LATE_SHARE, DEFAULT_DUPLICATE_SHARE), true, null);
    }

    public LoadPlan {
        if (rate < 1 || products < 1 || customers < 1 || batch < 1 || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--rate, --duration, --products, --customers and --batch must be positive");
        }
    }

    /** The other path, taken by the duplicates a client sends again. */
    Via otherVia() {
        return via == Via.kafka ? Via.http : Via.kafka;
    }
}
