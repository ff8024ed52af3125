package com.shopstream.loadgen.bench;

import com.shopstream.common.ConnectionSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Samples the work PostgreSQL does besides the batches, four times a second: whether the aggregator
 * is refreshing or folding its views (a statement of its view pool running, not pausing), whether an
 * autovacuum worker is vacuuming a table or only analyzing one (a vacuum reads and may write every
 * page not yet all-visible; an analyze reads a sample), and when the last checkpoint completed.
 * Each of them takes a core of two for seconds at a time, so the report names what overlapped each
 * measured phase: a tail can then be told apart from the background work behind it.
 * A sample that fails is skipped; the phase's figure then rests on fewer samples.
 */
final class BackgroundWork implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofMillis(250);
    private static final String APPLICATION = "bench-background";
    private static final String SAMPLE = """
            SELECT coalesce(bool_or(application_name = 'aggregator-views' AND state = 'active'), false),
                   coalesce(bool_or(backend_type = 'autovacuum worker' AND query LIKE 'autovacuum: VACUUM%'), false),
                   coalesce(bool_or(backend_type = 'autovacuum worker' AND query LIKE 'autovacuum: ANALYZE%'), false),
                   (SELECT checkpoint_time FROM pg_control_checkpoint())
            FROM pg_stat_activity""";

    /** What was running at one instant, and when the last checkpoint before it completed. */
    record Sample(Instant at, boolean viewRefresh, boolean vacuum, boolean analyze, Instant lastCheckpoint) {
    }

    /** The share of a phase's samples in which each kind of work ran, and the checkpoints completed within it. */
    record Overlap(int samples, double viewRefresh, double vacuum, double analyze, int checkpoints) {

        /** For the report: "view refresh 35%, vacuum 60%, analyze 5%, 1 checkpoint", "none", or "not sampled". */
        String describe() {
            if (samples == 0) {
                return "not sampled";
            }
            StringJoiner work = new StringJoiner(", ");
            share(work, "view refresh", viewRefresh);
            share(work, "vacuum", vacuum);
            share(work, "analyze", analyze);
            if (checkpoints > 0) {
                work.add(checkpoints + (checkpoints == 1 ? " checkpoint" : " checkpoints"));
            }
            return work.length() == 0 ? "none" : work.toString();
        }

        private static void share(StringJoiner work, String name, double share) {
            if (share > 0) {
                work.add(String.format(Locale.ROOT, "%s %.0f%%", name, 100 * share));
            }
        }
    }

    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;

    BackgroundWork(ConnectionSettings connections) {
        thread = new Thread(() -> sampleUntilClosed(connections), "bench-background-work");
        thread.setDaemon(true);
        thread.start();
    }

    /** What overlapped the time from {@code from} to {@code to}. */
    Overlap during(Instant from, Instant to) {
        synchronized (samples) {
            return overlap(samples, from, to);
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }

    /** The overlap of the samples taken from {@code from} to {@code to}; a checkpoint counts if it completed within. */
    static Overlap overlap(List<Sample> samples, Instant from, Instant to) {
        List<Sample> within = samples.stream().filter(s -> !s.at().isBefore(from) && !s.at().isAfter(to)).toList();
        if (within.isEmpty()) {
            return new Overlap(0, 0, 0, 0, 0);
        }
        long checkpoints = within.stream().map(Sample::lastCheckpoint)
                .filter(at -> at != null && at.isAfter(from) && !at.isAfter(to)).distinct().count();
        return new Overlap(within.size(), share(within, Sample::viewRefresh), share(within, Sample::vacuum),
                share(within, Sample::analyze), (int) checkpoints);
    }

    private static double share(List<Sample> samples, Predicate<Sample> running) {
        return samples.stream().filter(running).count() / (double) samples.size();
    }

    private void sampleUntilClosed(ConnectionSettings connections) {
        while (!Thread.currentThread().isInterrupted()) {
            try (Connection conn = connect(connections); Statement statement = conn.createStatement()) {
                statement.setQueryTimeout(5);
                while (!Thread.currentThread().isInterrupted()) {
                    try (ResultSet row = statement.executeQuery(SAMPLE)) {
                        row.next();
                        Timestamp checkpoint = row.getTimestamp(4);
                        Sample sample = new Sample(Instant.now(), row.getBoolean(1), row.getBoolean(2), row.getBoolean(3),
                                checkpoint == null ? null : checkpoint.toInstant());
                        synchronized (samples) {
                            samples.add(sample);
                        }
                    }
                    TimeUnit.MILLISECONDS.sleep(INTERVAL.toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (SQLException e) {
                // PostgreSQL restarted or refused: the phases lose these samples; connect again shortly.
                try {
                    TimeUnit.SECONDS.sleep(1);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private static Connection connect(ConnectionSettings connections) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", connections.pgUser());
        properties.setProperty("password", connections.pgPassword());
        properties.setProperty("ApplicationName", APPLICATION);
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://" + connections.pgHost() + ":" + connections.pgPort() + "/"
                + connections.pgDatabase(), properties);
    }
}
