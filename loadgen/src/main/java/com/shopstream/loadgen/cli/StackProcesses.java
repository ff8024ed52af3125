package com.shopstream.loadgen.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;
import java.util.stream.Stream;

/** The pids of the local stack's processes, from the pid files its scripts keep in the run folder. */
public final class StackProcesses {

    /** The kinds of component, in the order they are listed; a cluster's instances (kafka-2, query-api-1) follow their kind. */
    public static final List<String> KINDS = List.of("ingest", "aggregator", "query-api", "kafka", "postgres", "redis", "haproxy");

    private StackProcesses() {
    }

    /**
     * Component name to pid, for every pid file in the run folder but supervisord's, ordered by
     * {@link #KINDS} and then by name; components whose file is unreadable are left out.
     */
    public static Map<String, Long> running(Path runDir) {
        Map<String, Long> pids = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(runDir)) {
            files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".pid") && name.length() > ".pid".length() && !name.equals("supervisord.pid"))
                    .map(name -> name.substring(0, name.length() - ".pid".length()))
                    .sorted(Comparator.comparingInt(StackProcesses::kindOrder).thenComparing(Comparator.naturalOrder()))
                    .forEach(component -> {
                        try {
                            pids.put(component, Long.parseLong(Files.readString(runDir.resolve(component + ".pid")).trim()));
                        } catch (IOException | NumberFormatException e) {
                            // not running
                        }
                    });
        } catch (IOException e) {
            return pids;
        }
        return pids;
    }

    /** A component's kind: kafka-2 is a kafka, query-api-1 a query-api, postgres-standby a postgres. */
    public static String kindOf(String component) {
        return KINDS.stream().filter(component::startsWith).findFirst().orElse(component);
    }

    private static int kindOrder(String component) {
        int index = KINDS.indexOf(kindOf(component));
        return index < 0 ? KINDS.size() : index;
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
