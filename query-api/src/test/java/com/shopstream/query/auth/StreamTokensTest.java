package com.shopstream.query.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StreamTokensTest {

    private final StreamTokens tokens = new StreamTokens(new byte[32]);
    private final Instant now = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    @DisplayName("A token names its key and carries an id of its own until it expires")
    void valid() {
        String token = tokens.issue(42, now.plusSeconds(60));
        StreamTokens.Token verified = tokens.verify(token, now);
        assertThat(verified.keyId()).isEqualTo(42L);
        assertThat(verified.expiresAt()).isEqualTo(now.plusSeconds(60));
        assertThat(verified.id()).hasSize(16).isNotEqualTo(tokens.verify(tokens.issue(42, now.plusSeconds(60)), now).id());
        assertThat(tokens.verify(token, now.plusSeconds(60))).isNull();
    }

    @Test
    @DisplayName("A token signed under another secret, altered or malformed is refused")
    void refused() {
        String token = tokens.issue(42, now.plusSeconds(60));
        byte[] other = new byte[32];
        other[0] = 1;
        assertThat(new StreamTokens(other).verify(token, now)).isNull();
        String payload = token.substring(0, token.indexOf('.'));
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString("43.9999999999.AAAAAAAAAAAAAAAA".getBytes())
                + token.substring(token.indexOf('.'));
        assertThat(tokens.verify(forged, now)).isNull();
        assertThat(tokens.verify(payload, now)).isNull();
        assertThat(tokens.verify("not a token", now)).isNull();
        assertThat(tokens.verify(null, now)).isNull();
    }
}
