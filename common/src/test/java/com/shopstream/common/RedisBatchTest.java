package com.shopstream.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RedisBatchTest {

    @Test
    @DisplayName("A key's slot is decided by its hash tag when it has a non-empty one, else by the whole key")
    void slotKeys() {
        assertThat(RedisBatch.slotKey("rt:{g3}:m:60:tot")).isEqualTo("g3");
        assertThat(RedisBatch.slotKey("ratelimit:{42}:query")).isEqualTo("42");
        assertThat(RedisBatch.slotKey("cache:versions")).isEqualTo("cache:versions");
        assertThat(RedisBatch.slotKey("a{}b{c}")).isEqualTo("a{}b{c}");
        assertThat(RedisBatch.slotKey("a{b")).isEqualTo("a{b");
    }
}
