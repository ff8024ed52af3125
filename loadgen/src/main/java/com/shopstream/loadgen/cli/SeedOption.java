package com.shopstream.loadgen.cli;

import picocli.CommandLine.Option;

/** The {@code --seed} every command that simulates shoppers takes: the same seed, the same catalog and behaviour. */
public final class SeedOption {

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the catalog and of the shoppers' behaviour (default ${DEFAULT-VALUE}).")
    private long seed;

    public long seed() {
        return seed;
    }
}
