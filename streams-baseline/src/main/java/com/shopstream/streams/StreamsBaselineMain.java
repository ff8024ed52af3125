package com.shopstream.streams;

import com.shopstream.contract.Topics;
import com.shopstream.streams.backlog.Backlog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Entry point of the Kafka Streams baseline that {@code loadgen bench} runs over the backlog it has
 * just produced. Prints one line of JSON on stdout ({@link RunSummary}); logs go to stderr. Exits 0
 * on success and 1 on any failure.
 */
@Command(name = "streams-baseline", mixinStandardHelpOptions = true,
        description = "Deduplicates and rolls up a backlog of shop events with Kafka Streams (exactly_once_v2) and reports how long it took.")
public final class StreamsBaselineMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsBaselineMain.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers, HOST:PORT[,...].")
    private String bootstrap;

    @Option(names = "--jdbc-url", required = true, description = "The catalog's PostgreSQL, jdbc:postgresql://HOST:PORT/DB.")
    private String jdbcUrl;

    @Option(names = "--jdbc-user", required = true, description = "The catalog's database user.")
    private String jdbcUser;

    @Option(names = "--jdbc-password", defaultValue = "${env:SHOP_PG_PASSWORD}",
            description = "The database user's password (default: $SHOP_PG_PASSWORD, which keeps it out of the process list).")
    private String jdbcPassword;

    @Option(names = "--topic", defaultValue = Topics.EVENTS, description = "The events topic (default ${DEFAULT-VALUE}).")
    private String topic;

    @Option(names = "--start-offsets", required = true, description = "partition:offset,... of the backlog's first records.")
    private String startOffsets;

    @Option(names = "--end-offsets", required = true, description = "partition:offset,... where the backlog ends (exclusive).")
    private String endOffsets;

    @Option(names = "--application-id", description = "Streams application id and consumer group (default: a fresh shop-streams-baseline-<epoch ms>).")
    private String applicationId;

    @Option(names = "--state-dir", description = "Where the RocksDB stores live (default: a fresh temporary directory, deleted at the end).")
    private Path stateDir;

    @Option(names = "--threads", defaultValue = "1", description = "num.stream.threads (default ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--replication-factor", defaultValue = "1", description = "Replication factor of the changelog topics (default ${DEFAULT-VALUE}).")
    private int replicationFactor;

    @Option(names = "--timeout-seconds", defaultValue = "600", description = "Give up after this long from the start (default ${DEFAULT-VALUE}).")
    private long timeoutSeconds;

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new StreamsBaselineMain());
        IParameterExceptionHandler usage = commandLine.getParameterExceptionHandler();
        // The benchmark tells failures apart by exit code 0 or not; a usage error is a failure like any other.
        commandLine.setParameterExceptionHandler((e, given) -> usage.handleParseException(e, given) == 0 ? 0 : 1);
        System.exit(commandLine.execute(args));
    }

    @Override
    public Integer call() {
        try {
            RunOptions options = new RunOptions(bootstrap, jdbcUrl, jdbcUser, jdbcPassword,
                    Backlog.parse(topic, startOffsets, endOffsets),
                    applicationId != null ? applicationId : "shop-streams-baseline-" + System.currentTimeMillis(),
                    stateDir, threads, replicationFactor, Duration.ofSeconds(timeoutSeconds));
            RunSummary summary = new BaselineRun(options).run();
            spec.commandLine().getOut().println(summary.toJson());
            spec.commandLine().getOut().flush();
            return 0;
        } catch (BaselineFailure | IllegalArgumentException e) {
            LOG.error("streams-baseline failed: {}", e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.error("streams-baseline was interrupted");
            return 1;
        } catch (Exception e) {
            LOG.error("streams-baseline failed: {}", e.toString(), e);
            return 1;
        }
    }
}
