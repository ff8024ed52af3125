package com.shopstream.loadgen.bench;

import com.shopstream.loadgen.cli.StackProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

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
        // Also the time of the children the root has reaped (PostgreSQL's ended backends and workers).
        return (StackProcesses.sumOverTree(pid, ProcessCpu::ownTicks) + statFields(pid, 13, 14)) / TICKS_PER_SECOND;
    }

    /** User and system time. */
    private static long ownTicks(long pid) {
        return statFields(pid, 11, 12);
    }

    /** The sum of two numeric fields of /proc/PID/stat, counted after the command name; 0 when unreadable. */
    private static long statFields(long pid, int first, int second) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name is in parentheses and may contain spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return Long.parseLong(fields[first]) + Long.parseLong(fields[second]);
        } catch (IOException | RuntimeException e) {
            // the process ended between listing and reading, or this is not Linux
            return 0;
        }
    }
}
