package com.shopstream.loadgen.load;

import com.shopstream.loadgen.cli.DurationConverter;
import com.shopstream.loadgen.cli.SeedOption;
import com.shopstream.loadgen.cli.StackAccess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Streams simulated shoppers' events at a steady rate through Kafka or HTTP, shaped with duplicates,
 * out-of-order and late events, with a live progress line; writes the run's ground truth, and with
 * {@code --verify} checks the API's answers against it.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Stream events at a given rate and duration.")
public final class LoadCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--rate", defaultValue = "1000", description = "Events per second, duplicates included (default ${DEFAULT-VALUE}).")
    private int rate;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long to send, such as 30s, 5m (default ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(names = "--via", defaultValue = "kafka", description = "kafka or http (default ${DEFAULT-VALUE}).")
    private LoadPlan.Via via;

    @Mixin
    private SeedOption seedOption;

    @Option(names = "--products", defaultValue = "" + LoadPlan.DEFAULT_PRODUCTS, description = "Catalog size when the catalog is seeded (default ${DEFAULT-VALUE}).")
    private int products;

    @Option(names = "--customers", defaultValue = "" + ShopperSimulator.DEFAULT_CUSTOMERS,
            description = "Number of distinct customers, drawn uniformly (default ${DEFAULT-VALUE}: at thousands of orders a second a"
                    + " smaller base makes every customer a serial buyer and trips the fraud rules on most orders).")
    private int customers;

    @Option(names = "--batch", defaultValue = "" + LoadPlan.DEFAULT_BATCH, description = "Events per HTTP request, at most (default ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--duplicate-share", defaultValue = "" + LoadPlan.DEFAULT_DUPLICATE_SHARE,
            description = "Share of events sent twice, half of them through the other path (default ${DEFAULT-VALUE}).")
    private double duplicateShare;

    @Option(names = "--out-of-order-share", defaultValue = "" + LoadPlan.DEFAULT_OUT_OF_ORDER_SHARE,
            description = "Share of events up to 30 s older than the ones around them (default ${DEFAULT-VALUE}).")
    private double outOfOrderShare;

    @Option(names = "--late-share", defaultValue = "" + LoadPlan.DEFAULT_LATE_SHARE,
            description = "Share of events 2 to 50 minutes late (default ${DEFAULT-VALUE}).")
    private double lateShare;

    @Option(names = "--verify", description = "After the run, wait for the pipeline and check every API answer against the ground truth.")
    private boolean verify;

    @Option(names = "--truth-dir", description = "Where to write the ground-truth file (default $SHOP_STATE_DIR/load).")
    private Path truthDir;

    @Override
    public Integer call() throws Exception {
        LoadPlan plan;
        try {
            plan = new LoadPlan(rate, duration, via, seedOption.seed(), products, customers, batch,
                    new TrafficShaper.Shares(outOfOrderShare, lateShare, duplicateShare), verify, truthDir);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        LoadResult result = new LoadSession(StackAccess.fromEnvironment(), spec.commandLine().getOut(), spec.commandLine().getErr())
                .run(plan, () -> { });
        return result.passed() ? 0 : 1;
    }
}
