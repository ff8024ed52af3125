package com.shopstream.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CPU time (user and system) the stack's processes have used so far, each summed over its
 * process tree, read from Linux's /proc/PID/stat. The difference of two readings over a load step,
 * divided by the events stored meanwhile, is the CPU each part spends per event: what bounds the
 * throughput when the parts share the machine's cores. The benchmark's own JVM counts as the load
 * generator.
 */
final class ProcessCpu {

    /** Linux reports these times in clock ticks of USER_HZ, which is 100 on every architecture it runs on. */
    private static final double TICKS_PER_SECOND = 100;
    static final String LOAD_GENERATOR = "load generator";

    private final Map<String, Long> pids = new LinkedHashMap<>();

    ProcessCpu(Map<String, Long> components) {
        pids.putAll(components);
        pids.put(LOAD_GENERATOR, ProcessHandle.current().pid());
    }

    /** CPU seconds used so far per component, in the order the components were given, the generator last. */
    Map<String, Double> seconds() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        pids.forEach((name, pid) -> seconds.put(name, secondsOfTree(pid)));
        return seconds;
    }

    /** Per component, the CPU microseconds per event between two readings. */
    static Map<String, Double> microsPerEvent(Map<String, Double> before, Map<String, Double> after, long events) {
        Map<String, Double> perEvent = new LinkedHashMap<>();
        after.forEach((name, seconds) -> perEvent.put(name,
                events <= 0 ? 0 : (seconds - before.getOrDefault(name, 0.0)) * 1e6 / events));
        return perEvent;
    }

    private static double secondsOfTree(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return 0;
        }
        // The root's own time plus that of the children it has reaped (PostgreSQL's ended backends).
        long ticks = ticks(pid, true);
        ticks += process.get().descendants().mapToLong(child -> ticks(child.pid(), false)).sum();
        return ticks / TICKS_PER_SECOND;
    }

    private static long ticks(long pid, boolean withReapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which is in parentheses and may contain spaces.
            List<String> fields = List.of(stat.substring(stat.lastIndexOf(')') + 2).trim().split(" "));
            long ticks = Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12));
            if (withReapedChildren) {
                ticks += Long.parseLong(fields.get(13)) + Long.parseLong(fields.get(14));
            }
            return ticks;
        } catch (IOException | RuntimeException e) {
            // the process ended between listing and reading, or this is not Linux
            return 0;
        }
    }
}
