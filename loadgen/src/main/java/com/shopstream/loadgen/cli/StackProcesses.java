package com.shopstream.loadgen.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;
import java.util.stream.Stream;

/** The pids of the local stack's processes, from the pid files its scripts keep in the run folder. */
public final class StackProcesses {

    public static final List<String> COMPONENTS = List.of("ingest", "aggregator", "query-api", "kafka", "postgres", "redis");

    private StackProcesses() {
    }

    /** Component name to pid, in the order of {@link #COMPONENTS}; components not running are left out. */
    public static Map<String, Long> running(Path runDir) {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String component : COMPONENTS) {
            try {
                pids.put(component, Long.parseLong(Files.readString(runDir.resolve(component + ".pid")).trim()));
            } catch (IOException | NumberFormatException e) {
                // not running
            }
        }
        return pids;
    }

    /** A measure of a process plus the same of each of its living descendants; 0 when the process is gone. */
    public static long sumOverTree(long pid, LongUnaryOperator measure) {
        return tree(pid).stream().mapToLong(measure::applyAsLong).sum();
    }

    /** The process and its living descendants; empty when the process is gone. */
    public static List<Long> tree(long pid) {
        return ProcessHandle.of(pid)
                .map(process -> Stream.concat(Stream.of(pid), process.descendants().map(ProcessHandle::pid)).toList())
                .orElse(List.of());
    }
}
