package com.shopstream.loadgen.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.contract.ShopEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TrafficShaperTest {

    private static final Instant START = Instant.parse("2026-11-28T04:00:00Z");
    private final List<CatalogProduct> catalog = CatalogGenerator.generate(1, 200);

    private List<TrafficShaper.Send> shape(long seed, TrafficShaper.Shares shares, int events) {
        ShopperSimulator shoppers = new ShopperSimulator(seed, catalog, 500, START.getEpochSecond());
        TrafficShaper shaper = new TrafficShaper(seed, shares, START);
        List<TrafficShaper.Send> sends = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            sends.addAll(shaper.shape(shoppers.next(START.plusSeconds(10 + i / 1000))));
        }
        sends.addAll(shaper.drain());
        return sends;
    }

    @Test
    @DisplayName("Shares are respected; moved events stay within their bounds; duplicates repeat an event already sent")
    void shares() {
        List<TrafficShaper.Send> sends = shape(7, new TrafficShaper.Shares(0.05, 0.01, 0.02), 100_000);

        List<TrafficShaper.Send> originals = sends.stream().filter(s -> !s.duplicate()).toList();
        List<TrafficShaper.Send> duplicates = sends.stream().filter(TrafficShaper.Send::duplicate).toList();
        assertThat(originals).hasSize(100_000);
        assertThat(duplicates.size()).isBetween(1_800, 2_200);
        assertThat(duplicates.stream().filter(TrafficShaper.Send::otherPath).count()).isBetween(800L, 1_200L);
        Set<UUID> sent = originals.stream().map(s -> s.event().eventId()).collect(Collectors.toSet());
        assertThat(duplicates).allMatch(d -> sent.contains(d.event().eventId()));

        long late = 0;
        long outOfOrder = 0;
        for (int i = 0; i < originals.size(); i++) {
            ShopEvent event = originals.get(i).event();
            Duration behind = Duration.between(event.occurredAt(), START.plusSeconds(10 + i / 1000));
            if (behind.compareTo(TrafficShaper.MIN_LATE) >= 0) {
                assertThat(behind).isLessThanOrEqualTo(TrafficShaper.MAX_LATE);
                late++;
            } else if (!behind.isZero()) {
                assertThat(behind).isLessThanOrEqualTo(TrafficShaper.MAX_OUT_OF_ORDER);
                outOfOrder++;
            }
        }
        assertThat(late).isBetween(850L, 1_150L);
        assertThat(outOfOrder).isBetween(4_600L, 5_400L);
    }

    @Test
    @DisplayName("The same seed shapes the same way; zero shares change nothing")
    void deterministic() {
        TrafficShaper.Shares shares = new TrafficShaper.Shares(0.1, 0.1, 0.1);
        assertThat(shape(3, shares, 5000)).isEqualTo(shape(3, shares, 5000));
        assertThat(shape(3, new TrafficShaper.Shares(0, 0, 0), 1000)).allSatisfy(s -> assertThat(s.duplicate()).isFalse());
    }
}
