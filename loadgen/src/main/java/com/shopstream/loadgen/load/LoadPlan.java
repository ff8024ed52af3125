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
