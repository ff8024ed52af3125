package com.shopstream.aggregator.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RefreshPacingTest {

    private final RefreshPacing pacing = new RefreshPacing(Duration.ofSeconds(5), Duration.ofSeconds(60));

    @Test
    @DisplayName("Cheap refreshes wait the minimum")
    void minimum() {
        assertThat(pacing.waitAfter(Duration.ofMillis(120))).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    @DisplayName("Between the bounds, ten times what the refreshes took")
    void proportional() {
        assertThat(pacing.waitAfter(Duration.ofMillis(2_500))).isEqualTo(Duration.ofSeconds(25));
    }

    @Test
    @DisplayName("A refresh stretched by an outage waits no more than the maximum")
    void maximum() {
        assertThat(pacing.waitAfter(Duration.ofSeconds(45))).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    @DisplayName("A maximum below the minimum is refused, naming both variables")
    void refusesInvertedBounds() {
        assertThatThrownBy(() -> new RefreshPacing(Duration.ofSeconds(10), Duration.ofSeconds(5)))
                .hasMessageContaining("SHOP_VIEW_REFRESH_MAX_INTERVAL").hasMessageContaining("SHOP_VIEW_REFRESH_INTERVAL");
    }
}
