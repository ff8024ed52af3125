package com.shopstream.loadgen.chaos;

import com.shopstream.loadgen.cli.DurationConverter;
import com.shopstream.loadgen.cli.SeedOption;
import com.shopstream.loadgen.cli.StackAccess;
import com.shopstream.loadgen.load.LoadPlan;
import com.shopstream.loadgen.load.LoadSession;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs verified loads while injecting faults at seeded random moments, one fault per round, with
 * nothing restarted by hand: the supervisor restarts what is killed. Prints a table of what each
 * fault cost and writes it to {@code bench-results/chaos-<time>.md}; exits non-zero when any round
 * lost or double-counted an event, gave up on a send, failed a check, or did not heal.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Inject faults into the local stack under a verified load and report what each cost.")
public final class ChaosCommand implements Callable<Integer> {

    /** Twice the cluster's node timeout: the replica has taken over before the master returns. */
    private static final Duration REDIS_MASTER_DOWN = Duration.ofSeconds(30);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    @Spec
    private CommandSpec spec;

    @Mixin
    private SeedOption seedOption;

    @Option(names = "--rounds",
            description = "Rounds, one fault each, in a seeded order of all 14 faults (6 on the cluster topology, or those of "
                    + "--only), repeated as needed (default: each fault once).")
    private Integer rounds;

    @Option(names = "--rate", defaultValue = "2000", description = "Events per second of each round's load (default ${DEFAULT-VALUE}).")
    private int rate;

    @Option(names = "--round-duration", defaultValue = "40s", converter = DurationConverter.class,
            description = "How long each round sends; the fault comes 20%% to 50%% into it (default ${DEFAULT-VALUE}).")
    private Duration roundDuration;

    @Option(names = "--pause", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long a SIGSTOP or CLIENT PAUSE lasts (default ${DEFAULT-VALUE}).")
    private Duration pause;

    @Option(names = "--via", defaultValue = "http", description = "kafka or http: the rounds' main path (default ${DEFAULT-VALUE}).")
    private LoadPlan.Via via;

    @Option(names = "--only", split = ",", paramLabel = "TEXT",
            description = "Only the faults whose label contains one of these, such as 'kill -9 postgres' or SIGSTOP (default: all).")
    private List<String> only = List.of();

    @Override
    public Integer call() throws Exception {
        if ((rounds != null && rounds < 1) || rate < 1 || roundDuration.toSeconds() < 10) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rounds and --rate must be positive, --round-duration at least 10s");
        }
        PrintWriter out = spec.commandLine().getOut();
        StackAccess stack = StackAccess.fromEnvironment();
        Random random = new Random(seedOption.seed());
        List<Fault> faults = stack.cluster() ? Fault.cluster(REDIS_MASTER_DOWN) : Fault.all(pause);
        List<Fault> order = new ArrayList<>(faults.stream()
                .filter(fault -> only.isEmpty() || only.stream().anyMatch(text -> fault.label().contains(text))).toList());
        if (order.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--only matches no fault; labels are like 'kill -9 kafka', "
                    + "'SIGSTOP redis 10 s', 'Redis FLUSHALL', 'Redis CLIENT PAUSE 10 s'");
        }
        Collections.shuffle(order, random);
        int rounds = this.rounds == null ? order.size() : this.rounds;
        Instant started = Instant.now();
        List<ChaosRound.Outcome> outcomes = new ArrayList<>();
        try (StackControl control = new StackControl(stack)) {
            PrintWriter err = spec.commandLine().getErr();
            ChaosRound round = new ChaosRound(control, new LoadSession(stack, out, err), stack.api(), err);
            for (int i = 0; i < rounds; i++) {
                Fault fault = order.get(i % order.size());
                Duration injectAfter = Duration.ofMillis((long) (roundDuration.toMillis() * (0.2 + 0.3 * random.nextDouble())));
                LoadPlan plan = LoadPlan.verified(rate, roundDuration, via, seedOption.seed() + i);
                out.printf("%n=== round %d of %d: %s, %.1f s into a %d s load at %,d events/s via %s%n",
                        i + 1, rounds, fault.label(), injectAfter.toMillis() / 1000.0, roundDuration.toSeconds(), rate, via);
                out.flush();
                outcomes.add(round.run(plan, fault, injectAfter));
                out.println(ChaosTable.row(outcomes.get(outcomes.size() - 1)));
                out.flush();
            }
        }
        String table = ChaosTable.render(outcomes, seedOption.seed(), rate, roundDuration, started);
        out.println();
        out.println(table);
        Path report = stack.resultsDir().resolve("chaos-" + FILE_TIME.format(started) + ".md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, table);
        out.println("report: " + report);
        out.flush();
        return outcomes.stream().allMatch(ChaosRound.Outcome::passed) ? 0 : 1;
    }
}
