package com.shopstream.admin;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The stack's one-off tasks, called by {@code infra/up}: {@code migrate} the database,
 * {@code create-topics} and {@code ensure-local-key}. They know what the services know (topic
 * names, the key format, where the stack listens) from the same code, so the scripts only start
 * and stop processes.
 */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "One-off tasks of the local stack.",
        subcommands = {MigrateCommand.class, CreateTopicsCommand.class, LocalKeyCommand.class})
public final class AdminMain {

    private AdminMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new AdminMain()).execute(args));
    }
}
