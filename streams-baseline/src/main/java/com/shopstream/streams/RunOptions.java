package com.shopstream.streams;

import com.shopstream.streams.backlog.Backlog;
import java.nio.file.Path;
import java.time.Duration;

/** What one run is told on its command line; {@code stateDir} is null for a fresh temporary one. */
record RunOptions(
        String bootstrap,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        Backlog backlog,
        String applicationId,
        Path stateDir,
        int threads,
        int replicationFactor,
        Duration timeout) {

    RunOptions {
        if (threads < 1 || replicationFactor < 1 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--threads, --replication-factor and --timeout-seconds must be positive");
        }
    }
}
