package com.shopstream.query.standby;

import com.shopstream.common.Settings;
import java.time.Duration;

/**
 * Where a hot standby of the primary listens ({@code SHOP_PG_STANDBY_HOST}, default the primary's
 * host, and {@code SHOP_PG_STANDBY_PORT}; none when the port is not set), and how far behind it may
 * fall before reads go back to the primary ({@code SHOP_PG_STANDBY_MAX_LAG}).
 */
public record StandbySettings(String host, Integer port, Duration maxLag) {

    public static StandbySettings from(Settings settings) {
        String port = settings.string("SHOP_PG_STANDBY_PORT", "");
        return new StandbySettings(
                settings.string("SHOP_PG_STANDBY_HOST", settings.string("SHOP_PG_HOST")),
                port.isBlank() ? null : settings.integer("SHOP_PG_STANDBY_PORT"),
                settings.duration("SHOP_PG_STANDBY_MAX_LAG", Duration.ofSeconds(2)));
    }

    public boolean configured() {
        return port != null;
    }
}
