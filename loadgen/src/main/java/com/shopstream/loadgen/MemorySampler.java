package com.shopstream.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Samples the memory of the stack's processes twice a second and keeps each one's peak. Memory is
 * the proportional set size (Pss, Linux's /proc/PID/smaps_rollup) summed over the process and its
 * children, so PostgreSQL's shared buffers count once, not once per backend.
 */
final class MemorySampler implements AutoCloseable {

    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final Map<String, Long> peakKiB = new ConcurrentHashMap<>();
    private final Thread thread;

    MemorySampler(Map<String, Long> components) {
        pids.putAll(components);
        thread = new Thread(this::sample, "bench-memory");
        thread.setDaemon(true);
        thread.start();
    }

    /** Peak memory per component in KiB, in the order the components were given. */
    Map<String, Long> peaks() {
        Map<String, Long> peaks = new LinkedHashMap<>();
        pids.keySet().forEach(name -> peaks.put(name, peakKiB.getOrDefault(name, 0L)));
        return peaks;
    }

    @Override
    public void close() {
        thread.interrupt();
    }

    private void sample() {
        while (!Thread.currentThread().isInterrupted()) {
            pids.forEach((name, pid) -> peakKiB.merge(name, StackProcesses.sumOverTree(pid, MemorySampler::pss), Math::max));
            try {
                TimeUnit.MILLISECONDS.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static long pss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process ended between listing and reading
        }
        return 0;
    }
}
