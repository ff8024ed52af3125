package com.shopstream.streams;

import com.shopstream.contract.EventValidator;
import com.shopstream.contract.ValidationPolicy;
import com.shopstream.streams.backlog.GroupOffsets;
import com.shopstream.streams.catalog.Catalog;
import com.shopstream.streams.catalog.CatalogLoader;
import com.shopstream.streams.store.Rollup;
import com.shopstream.streams.store.RollupKey;
import com.shopstream.streams.topology.BaselineTopology;
import com.shopstream.streams.topology.EventDecoder;
import com.shopstream.streams.topology.RunCounters;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the baseline: loads the catalog, points the application's consumer group at the
 * backlog's start, runs Kafka Streams until the group has committed the backlog's end, and leaves
 * the broker and the disk as it found them.
 */
final class BaselineRun {

    private static final Logger LOG = LoggerFactory.getLogger(BaselineRun.class);

    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private final RunOptions options;

    BaselineRun(RunOptions options) {
        this.options = options;
    }

    RunSummary run() throws Exception {
        Catalog catalog = new CatalogLoader(options.jdbcUrl(), options.jdbcUser(), options.jdbcPassword()).load();
        LOG.info("catalog: {} products; backlog: {} records of {}", catalog.size(), options.backlog().records(),
                options.backlog().topic());
        Path stateDir = options.stateDir() != null ? options.stateDir() : Files.createTempDirectory("streams-baseline");
        try (Admin admin = Admin.create(adminProperties())) {
            GroupOffsets offsets = new GroupOffsets(admin, options.applicationId(), options.backlog(), ADMIN_TIMEOUT);
            offsets.checkCoversTopic();
            offsets.checkFresh();
            try {
                offsets.seedStart();
                return process(catalog, offsets, stateDir);
            } finally {
                BrokerCleanup.removeApplication(admin, options.applicationId(), ADMIN_TIMEOUT);
            }
        } finally {
            if (options.stateDir() == null) {
                deleteRecursively(stateDir);
            }
        }
    }

    private RunSummary process(Catalog catalog, GroupOffsets offsets, Path stateDir) throws Exception {
        RunCounters counters = new RunCounters(BaselineRun::processCpuNanos);
        EventDecoder decoder = new EventDecoder(new EventValidator(Clock.systemUTC(), ValidationPolicy.DEFAULT));
        Properties props = StreamsSettings.of(options, stateDir);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        KafkaStreams streams = new KafkaStreams(BaselineTopology.build(options.backlog(), decoder, catalog, counters), props);
        streams.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        try {
            long started = System.nanoTime();
            streams.start();
            long done = awaitEnd(streams, offsets, failure, counters, started);
            long cpuDone = processCpuNanos();
            RunCounters.Mark first = counters.firstRecord();
            long firstNanos = first == null ? done : first.nanos();
            long cpuNanos = first == null ? 0 : cpuDone - first.cpuNanos();
            return new RunSummary(counters.records(), counters.valid(), counters.duplicates(), counters.invalid(),
                    counters.orders(), rollupRows(streams), seconds(done - started), seconds(firstNanos - started),
                    seconds(cpuNanos));
        } finally {
            // Leaving the group lets the group be deleted now rather than after its session times out.
            if (!streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP))) {
                LOG.warn("Kafka Streams did not close within {}", CLOSE_TIMEOUT);
            }
        }
    }

    /** Waits until the group's committed offsets reach the backlog's end; returns that moment's nanoTime. */
    private long awaitEnd(KafkaStreams streams, GroupOffsets offsets, AtomicReference<Throwable> failure,
                          RunCounters counters, long started) throws Exception {
        long deadline = started + options.timeout().toNanos();
        long nextProgress = started + PROGRESS_INTERVAL.toNanos();
        while (true) {
            TimeUnit.MILLISECONDS.sleep(POLL_INTERVAL.toMillis());
            if (failure.get() != null) {
                throw new BaselineFailure("a stream thread failed: " + failure.get(), failure.get());
            }
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                    || state == KafkaStreams.State.NOT_RUNNING || state == KafkaStreams.State.PENDING_SHUTDOWN) {
                throw new BaselineFailure("Kafka Streams stopped (" + state + ") before the backlog's end was committed");
            }
            List<String> behind = offsets.behind();
            long now = System.nanoTime();
            if (behind.isEmpty()) {
                return now;
            }
            if (now - deadline > 0) {
                throw new BaselineFailure("the backlog's end was not committed within " + options.timeout().toSeconds()
                        + " s; " + counters.records() + " of " + options.backlog().records()
                        + " records processed; partitions behind (committed/end): " + String.join(", ", behind));
            }
            if (now - nextProgress > 0) {
                LOG.info("{} of {} records processed", counters.records(), options.backlog().records());
                nextProgress = now + PROGRESS_INTERVAL.toNanos();
            }
        }
    }

    /** The rows of every task's share of the rollup. */
    private static long rollupRows(KafkaStreams streams) {
        ReadOnlyKeyValueStore<RollupKey, Rollup> store = streams.store(
                StoreQueryParameters.fromNameAndType(BaselineTopology.ROLLUP_STORE, QueryableStoreTypes.keyValueStore()));
        long rows = 0;
        try (KeyValueIterator<RollupKey, Rollup> all = store.all()) {
            while (all.hasNext()) {
                all.next();
                rows++;
            }
        }
        return rows;
    }

    private Properties adminProperties() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        return props;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete the state directory {}: {}", dir, e.toString());
        }
    }
}
