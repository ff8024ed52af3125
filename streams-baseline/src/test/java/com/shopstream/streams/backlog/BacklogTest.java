package com.shopstream.streams.backlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BacklogTest {

    @Test
    @DisplayName("Offsets are read as the benchmark writes them, and bound the backlog from start to end exclusive")
    void parsesTheBenchmarksOffsets() {
        Backlog backlog = Backlog.parse("shop.events", "1:5678, 0:1234", "0:2000,1:9000");

        assertThat(backlog.start()).containsExactly(Map.entry(0, 1234L), Map.entry(1, 5678L));
        assertThat(backlog.records()).isEqualTo(766 + 3322);
        assertThat(backlog.contains(0, 1233)).isFalse();
        assertThat(backlog.contains(0, 1234)).isTrue();
        assertThat(backlog.contains(0, 1999)).isTrue();
        assertThat(backlog.contains(0, 2000)).isFalse();
        assertThat(backlog.contains(2, 1500)).isFalse();
    }

    @Test
    @DisplayName("An empty partition range is allowed: it holds no records")
    void emptyRange() {
        Backlog backlog = Backlog.parse("shop.events", "0:7", "0:7");

        assertThat(backlog.records()).isZero();
        assertThat(backlog.contains(0, 7)).isFalse();
    }

    @Test
    @DisplayName("Malformed pairs, repeated or mismatched partitions and reversed ranges are refused with the reason")
    void refusesWhatIsNotABacklog() {
        assertThatThrownBy(() -> PartitionOffsets.parse("0=12")).hasMessageContaining("partition:offset");
        assertThatThrownBy(() -> PartitionOffsets.parse("0:x")).hasMessageContaining("whole numbers");
        assertThatThrownBy(() -> PartitionOffsets.parse("0:-1")).hasMessageContaining("not negative");
        assertThatThrownBy(() -> PartitionOffsets.parse("0:1,0:2")).hasMessageContaining("given twice");
        assertThatThrownBy(() -> PartitionOffsets.parse(" ")).hasMessageContaining("no partition offsets");
        assertThatThrownBy(() -> Backlog.parse("t", "0:1,1:1", "0:5")).hasMessageContaining("same partitions");
        assertThatThrownBy(() -> Backlog.parse("t", "0:10", "0:5")).hasMessageContaining("before the start offset");
    }
}
