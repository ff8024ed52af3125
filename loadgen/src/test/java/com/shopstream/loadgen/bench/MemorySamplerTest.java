package com.shopstream.loadgen.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MemorySamplerTest {

    @Test
    @DisplayName("A tree's memory counts every process's private memory and the shared memory and files once")
    void sharedCountsOnce() {
        List<MemorySampler.Resident> backends = List.of(
                new MemorySampler.Resident(100, 6_000, 50), new MemorySampler.Resident(20, 5_000, 40), new MemorySampler.Resident(30, 0, 45));
        assertThat(MemorySampler.treeKiB(backends)).isEqualTo(100 + 20 + 30 + 6_000 + 50);
        assertThat(MemorySampler.treeKiB(List.of())).isZero();
    }

    @Test
    @DisplayName("For one process the parts add up to its resident set; a process that is gone has none")
    void oneProcess() throws Exception {
        long self = ProcessHandle.current().pid();
        MemorySampler.Resident resident = MemorySampler.resident(self);
        long rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElseThrow();
        long parts = resident.anonymousKiB() + resident.sharedKiB() + resident.fileKiB();
        assertThat(parts).isPositive().isBetween(rss * 9 / 10, rss * 11 / 10);
        assertThat(MemorySampler.resident(Long.MAX_VALUE)).isEqualTo(new MemorySampler.Resident(0, 0, 0));
    }
}
