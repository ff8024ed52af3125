package com.shopstream.loadgen;

import com.shopstream.loadgen.bench.AnalyticsBenchCommand;
import com.shopstream.loadgen.bench.BenchCommand;
import com.shopstream.loadgen.bench.RecommendBenchCommand;
import com.shopstream.loadgen.chaos.ChaosCommand;
import com.shopstream.loadgen.load.LoadCommand;
import com.shopstream.loadgen.verify.ReportCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the load tool: {@code run} streams events, {@code report} prints what the API reports, {@code bench} and {@code analytics-bench} measure, {@code chaos} injects faults. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Seeds the catalog and streams a realistic shop event mix into the pipeline.",
        subcommands = {LoadCommand.class, ReportCommand.class, BenchCommand.class, AnalyticsBenchCommand.class,
            RecommendBenchCommand.class, ChaosCommand.class})
public final class LoadMain {

    private LoadMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadMain()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }
}
