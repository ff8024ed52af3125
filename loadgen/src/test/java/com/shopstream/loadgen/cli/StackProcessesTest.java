package com.shopstream.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackProcessesTest {

    @Test
    @DisplayName("Pid files are read for the running components; missing or unreadable ones are left out")
    void running(@TempDir Path runDir) throws Exception {
        Files.writeString(runDir.resolve("postgres.pid"), "4242\n");
        Files.writeString(runDir.resolve("redis.pid"), "not a pid");
        Files.writeString(runDir.resolve("supervisord.pid"), "7\n");
        Files.writeString(runDir.resolve(".pid"), "8\n");
        assertThat(StackProcesses.running(runDir)).containsExactly(Map.entry("postgres", 4242L));
    }

    @Test
    @DisplayName("A cluster's instances are listed after their kind's place, by name")
    void clusterInstances(@TempDir Path runDir) throws Exception {
        for (String name : new String[] {"redis-2", "postgres-standby", "kafka-1", "postgres", "ingest-2", "ingest-1", "haproxy"}) {
            Files.writeString(runDir.resolve(name + ".pid"), "1\n");
        }
        assertThat(StackProcesses.running(runDir).keySet())
                .containsExactly("ingest-1", "ingest-2", "kafka-1", "postgres", "postgres-standby", "redis-2", "haproxy");
    }

    @Test
    @DisplayName("A measure is summed over a process and its living children; a process that is gone sums to zero")
    void sumOverTree() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            long self = ProcessHandle.current().pid();
            assertThat(StackProcesses.sumOverTree(self, pid -> 1)).isGreaterThanOrEqualTo(2);
            assertThat(StackProcesses.sumOverTree(self, pid -> pid == child.pid() ? 5 : 0)).isEqualTo(5);
            assertThat(StackProcesses.sumOverTree(Long.MAX_VALUE, pid -> 1)).isZero();
        } finally {
            child.destroy();
        }
    }
}
