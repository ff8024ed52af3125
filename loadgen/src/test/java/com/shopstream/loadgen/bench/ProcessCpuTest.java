package com.shopstream.loadgen.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    @DisplayName("The generator's own CPU time grows by what it computes, and a process that is gone counts zero")
    void readsProcfs() {
        ProcessCpu cpu = new ProcessCpu(Map.of("gone", Long.MAX_VALUE));
        double before = cpu.seconds().get(ProcessCpu.LOAD_GENERATOR);
        // Until this thread itself has used 300 ms of CPU, however busy the machine is.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + 300_000_000L;
        double sink = 0;
        while (threads.getCurrentThreadCpuTime() < until) {
            sink += Math.sqrt(sink + 1);
        }
        Map<String, Double> after = cpu.seconds();
        assertThat(sink).isPositive();
        assertThat(after.get(ProcessCpu.LOAD_GENERATOR)).isGreaterThanOrEqualTo(before + 0.25);
        assertThat(after.get("gone")).isZero();
        assertThat(after.keySet()).containsExactly("gone", ProcessCpu.LOAD_GENERATOR);
    }

    @Test
    @DisplayName("CPU per event is the difference of two readings over the events stored between them")
    void perEvent() {
        Map<String, Double> before = new LinkedHashMap<>(Map.of("postgres", 10.0));
        Map<String, Double> after = new LinkedHashMap<>(Map.of("postgres", 12.5));
        assertThat(ProcessCpu.microsPerEvent(before, after, 50_000).get("postgres")).isCloseTo(50.0, within(1e-9));
        assertThat(ProcessCpu.microsPerEvent(before, after, 0).get("postgres")).isZero();
    }
}
