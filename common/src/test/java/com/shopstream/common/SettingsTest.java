package com.shopstream.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    @DisplayName("Durations read as 500ms, 30s, 5m, 2h, 7d or ISO-8601; blank means the default")
    void durations() {
        Settings settings = new Settings(Map.of("A", "500ms", "B", "30s", "C", "5m", "D", "2h", "E", "7d", "F", "PT90S", "G", " "));
        assertThat(settings.duration("A", null)).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.duration("B", null)).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.duration("C", null)).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.duration("D", null)).isEqualTo(Duration.ofHours(2));
        assertThat(settings.duration("E", null)).isEqualTo(Duration.ofDays(7));
        assertThat(settings.duration("F", null)).isEqualTo(Duration.ofSeconds(90));
        assertThat(settings.duration("G", Duration.ZERO)).isEqualTo(Duration.ZERO);
        assertThat(settings.duration("MISSING", Duration.ofDays(1))).isEqualTo(Duration.ofDays(1));
    }

    @Test
    @DisplayName("A malformed value fails naming the variable")
    void malformed() {
        Settings settings = new Settings(Map.of("SHOP_X", "five", "SHOP_Y", "10 parsecs", "SHOP_Z", "12w"));
        assertThatThrownBy(() -> settings.integer("SHOP_X", 1)).hasMessageContaining("SHOP_X").hasMessageContaining("five");
        assertThatThrownBy(() -> settings.duration("SHOP_Y", null)).hasMessageContaining("SHOP_Y");
        assertThatThrownBy(() -> settings.duration("SHOP_Z", null)).hasMessageContaining("SHOP_Z");
    }
}
