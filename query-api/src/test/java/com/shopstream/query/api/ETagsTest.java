package com.shopstream.query.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ETagsTest {

    @Test
    @DisplayName("Tags follow the content: equal bytes, equal tags; a changed byte, another tag")
    void fromContent() {
        String tag = ETags.of("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(tag).startsWith("\"").endsWith("\"").hasSize(24);
        assertThat(ETags.of("{\"a\":1}".getBytes(StandardCharsets.UTF_8))).isEqualTo(tag);
        assertThat(ETags.of("{\"a\":2}".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(tag);
    }

    @Test
    @DisplayName("If-None-Match matches a listed tag, its weak form, or *")
    void ifNoneMatch() {
        assertThat(ETags.matches("\"x\"", "\"x\"")).isTrue();
        assertThat(ETags.matches("\"y\", W/\"x\"", "\"x\"")).isTrue();
        assertThat(ETags.matches("*", "\"x\"")).isTrue();
        assertThat(ETags.matches("\"y\"", "\"x\"")).isFalse();
        assertThat(ETags.matches(null, "\"x\"")).isFalse();
    }
}
