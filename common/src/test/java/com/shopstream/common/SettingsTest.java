package com.shopstream.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
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

    @Test
    @DisplayName("Where the stack listens defaults to infra/defaults.env, the scripts' file; the environment overrides it")
    void stackDefaultsAreTheScripts() throws Exception {
        Properties scripts = new Properties();
        try (Reader file = Files.newBufferedReader(Path.of("..", "infra", "defaults.env"))) {
            scripts.load(file);
        }
        Settings defaults = new Settings(Map.of());
        assertThat(scripts.stringPropertyNames()).isNotEmpty().allSatisfy(name ->
                assertThat(defaults.string(name)).as(name).isEqualTo(scripts.getProperty(name)));
        assertThat(new Settings(Map.of("SHOP_PG_PORT", "6543")).integer("SHOP_PG_PORT")).isEqualTo(6543);
        assertThat(defaults.serviceUrl("SHOP_INGEST")).isEqualTo("http://" + scripts.getProperty("SHOP_INGEST_HOST") + ":"
                + scripts.getProperty("SHOP_INGEST_PORT"));
        assertThatThrownBy(() -> defaults.string("SHOP_NO_SUCH_SETTING")).hasMessageContaining("SHOP_NO_SUCH_SETTING");
    }
}
