package com.shopstream.common.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    @Test
    @DisplayName("Rates parse from N/s, N/min, N/h and unlimited, and print back the same way")
    void parses() {
        assertThat(RateLimit.parse("50/s")).isEqualTo(new RateLimit(50, Duration.ofSeconds(1)));
        assertThat(RateLimit.parse(" 600/MIN ")).isEqualTo(new RateLimit(600, Duration.ofMinutes(1)));
        assertThat(RateLimit.parse("5000/h").intervalMillis()).isEqualTo(720.0);
        assertThat(RateLimit.parse("unlimited").unlimited()).isTrue();
        assertThat(RateLimit.parse("600/min")).hasToString("600/min");
    }

    @Test
    @DisplayName("Anything else is refused with what is accepted")
    void refuses() {
        for (String bad : new String[] {"", "0/s", "-1/s", "10", "10/d", "x/s", "10/s/s"}) {
            assertThatThrownBy(() -> RateLimit.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("N/s, N/min or N/h");
        }
    }

    @Test
    @DisplayName("A key's own limit for a class wins over its '*', which wins over the service default")
    void keyLimits() {
        ApiKey key = new ApiKey(1, "k", "shs_", Set.of(Scope.READ),
                ApiKey.parseRateLimits(new JsonObject().put("query", "5/s").put("*", "unlimited")));
        RateLimit serviceDefault = RateLimit.parse("20/s");
        assertThat(key.rateLimit("query", serviceDefault)).isEqualTo(RateLimit.parse("5/s"));
        assertThat(key.rateLimit("live", serviceDefault).unlimited()).isTrue();
        ApiKey plain = new ApiKey(2, "p", "shs_", Set.of(Scope.READ), Map.of());
        assertThat(plain.rateLimit("query", serviceDefault)).isEqualTo(serviceDefault);
    }

    @Test
    @DisplayName("Stored limits name a known endpoint class and a valid rate, or fail naming the entry")
    void storedLimits() {
        assertThatThrownBy(() -> ApiKey.parseRateLimits(new JsonObject().put("everything", "5/s")))
                .hasMessageContaining("rateLimits.everything is not an endpoint class");
        assertThatThrownBy(() -> ApiKey.parseRateLimits(new JsonObject().put("query", 5)))
                .hasMessageContaining("rateLimits.query");
    }
}
