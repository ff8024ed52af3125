package com.shopstream.query.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.common.api.Scope;
import com.shopstream.contract.FieldError;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KeyDraftTest {

    @Test
    @DisplayName("A key draft has a name, scopes and optional rate limits, normalized")
    void valid() {
        KeyDraft.Result read = KeyDraft.read(Buffer.buffer("{\"name\":\" dashboard \",\"scopes\":[\"read\",\"read\"],\"rateLimits\":{\"query\":\"600/MIN\"}}"));
        assertThat(read.errors()).isEmpty();
        assertThat(read.draft().name()).isEqualTo("dashboard");
        assertThat(read.draft().scopes()).containsExactly(Scope.READ);
        assertThat(read.draft().rateLimits().getString("query")).isEqualTo("600/min");
    }

    @Test
    @DisplayName("Every problem is reported with its field")
    void invalid() {
        assertThat(KeyDraft.read(Buffer.buffer("{\"scopes\":[\"read\",\"root\"],\"rateLimits\":{\"query\":\"fast\"}}")).errors())
                .extracting(FieldError::field).containsExactly("name", "scopes[1]", "rateLimits");
        assertThat(KeyDraft.read(Buffer.buffer("{\"name\":\"x\",\"scopes\":[]}")).errors())
                .extracting(FieldError::field).containsExactly("scopes");
        assertThat(KeyDraft.read(Buffer.buffer("[1]")).errors()).extracting(FieldError::field).containsExactly("body");
        assertThat(KeyDraft.read(Buffer.buffer("{")).errors()).extracting(FieldError::field).containsExactly("body");
    }
}
