package com.shopstream.common.api;

import com.shopstream.common.Settings;
import java.time.Duration;

/**
 * How long an instance trusts what a key lookup found: {@code fresh}, after which it asks PostgreSQL
 * again, and {@code whileUnreachable}, how long a key PostgreSQL last confirmed stays valid while
 * PostgreSQL cannot be asked. The second keeps ingestion and the Redis-backed answers going through a
 * database outage; its price is that a key revoked elsewhere just before the outage works that long.
 */
public record KeyCaching(Duration fresh, Duration whileUnreachable) {

    public KeyCaching {
        if (whileUnreachable.compareTo(fresh) < 0) {
            throw new IllegalArgumentException("SHOP_API_KEY_TRUST_WHILE_UNREACHABLE must be at least SHOP_API_KEY_CACHE_TTL");
        }
    }

    public static KeyCaching from(Settings settings) {
        return new KeyCaching(
                settings.duration("SHOP_API_KEY_CACHE_TTL", Duration.ofSeconds(5)),
                settings.duration("SHOP_API_KEY_TRUST_WHILE_UNREACHABLE", Duration.ofMinutes(10)));
    }
}
