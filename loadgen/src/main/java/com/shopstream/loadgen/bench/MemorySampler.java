package com.shopstream.loadgen.bench;

import com.shopstream.loadgen.cli.StackProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Samples the memory of the stack's processes once a second and keeps each one's peak. A component's
 * memory is resident memory counted once over its process tree: every process's private memory, plus
 * the largest shared memory and mapped files of any of them, so PostgreSQL's shared buffers count
 * once, not once per backend. It is read from /proc/PID/status, which costs next to nothing; the
 * proportional set size (/proc/PID/smaps_rollup) would be exact but walks every page of the mapping,
 * half a second of CPU per sample for PostgreSQL's 6 GB of shared buffers, taken from the pipeline
 * being measured.
 */
final class MemorySampler implements AutoCloseable {

    /** One process's resident memory by kind, in KiB. */
    record Resident(long anonymousKiB, long sharedKiB, long fileKiB) {
    }

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
            pids.forEach((name, pid) -> peakKiB.merge(name,
                    treeKiB(StackProcesses.tree(pid).stream().map(MemorySampler::resident).toList()), Math::max));
            try {
                TimeUnit.SECONDS.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The private memory of every process, and the shared memory and mapped files once. */
    static long treeKiB(List<Resident> processes) {
        return processes.stream().mapToLong(Resident::anonymousKiB).sum()
                + processes.stream().mapToLong(Resident::sharedKiB).max().orElse(0)
                + processes.stream().mapToLong(Resident::fileKiB).max().orElse(0);
    }

    /** RssAnon, RssShmem and RssFile of /proc/PID/status; zeros when the process has ended. */
    static Resident resident(long pid) {
        long anonymous = 0;
        long shared = 0;
        long file = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("RssAnon:")) {
                    anonymous = kib(line);
                } else if (line.startsWith("RssShmem:")) {
                    shared = kib(line);
                } else if (line.startsWith("RssFile:")) {
                    file = kib(line);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process ended between listing and reading
        }
        return new Resident(anonymous, shared, file);
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
