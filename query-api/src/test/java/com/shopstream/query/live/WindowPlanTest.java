package com.shopstream.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.common.realtime.Resolution;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class WindowPlanTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Window.class)
    @DisplayName("The buckets cover the window's seconds exactly once, ending with the current second")
    void coversEverySecondOnce(Window window) {
        for (String asOf : List.of("2026-11-28T10:15:42.500Z", "2026-11-28T10:15:59.999Z", "2026-11-28T10:16:00Z", "2026-11-28T10:16:00.001Z")) {
            Instant now = Instant.parse(asOf);
            WindowPlan plan = WindowPlan.ending(now, window);

            long covered = 0;
            long expectedNext = plan.start().getEpochSecond();
            for (WindowPlan.Bucket bucket : plan.buckets()) {
                assertThat(bucket.start()).as("contiguous at " + asOf).isEqualTo(expectedNext);
                covered += bucket.resolution().seconds();
                expectedNext += bucket.resolution().seconds();
            }
            assertThat(covered).isEqualTo(window.length().toSeconds());
            assertThat(plan.end()).isEqualTo(Instant.ofEpochSecond(now.getEpochSecond() + 1));
            assertThat(expectedNext).isEqualTo(plan.end().getEpochSecond());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2026-11-28T10:15:42Z", "2026-11-28T10:15:00Z"})
    @DisplayName("Whole minutes are read from minute buckets, the edges from second buckets")
    void minuteBucketsInTheMiddle(String asOf) {
        WindowPlan plan = WindowPlan.ending(Instant.parse(asOf), Window.ONE_HOUR);

        long minutes = plan.buckets().stream().filter(b -> b.resolution() == Resolution.MINUTE).count();
        long seconds = plan.buckets().stream().filter(b -> b.resolution() == Resolution.SECOND).count();
        assertThat(minutes).isEqualTo(59);
        assertThat(seconds).isEqualTo(60);
        assertThat(plan.buckets()).allMatch(b -> b.resolution() == Resolution.SECOND || b.start() % 60 == 0);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2026-11-28T10:15:59.2Z"})
    @DisplayName("A window ending on a minute boundary is all minute buckets")
    void alignedWindow(String asOf) {
        WindowPlan plan = WindowPlan.ending(Instant.parse(asOf), Window.FIVE_MINUTES);
        assertThat(plan.buckets()).extracting(WindowPlan.Bucket::resolution).containsOnly(Resolution.MINUTE).hasSize(5);
        assertThat(plan.start()).isEqualTo(Instant.parse("2026-11-28T10:11:00Z"));
    }
}
