package com.shopstream.ingest;

import com.shopstream.common.ConnectionSettings;
import com.shopstream.common.Settings;
import com.shopstream.common.api.ClientAddresses;
import com.shopstream.common.api.EndpointClass;
import com.shopstream.common.api.KeyCaching;
import com.shopstream.common.api.RateLimit;
import com.shopstream.contract.ValidationPolicy;
import java.util.Map;

/** What ingest can be told from its environment; README lists each variable. */
public record IngestConfig(
        ConnectionSettings connections,
        String host,
        int port,
        int maxEventsPerRequest,
        int maxBodyBytes,
        ValidationPolicy validation,
        int retryAfterSeconds,
        KeyCaching keyCaching,
        int authFailuresPerMinute,
        Map<EndpointClass, RateLimit> rateLimits,
        ClientAddresses clientAddresses) {

    public IngestConfig {
        if (maxEventsPerRequest < 1 || maxBodyBytes < 1) {
            throw new IllegalArgumentException("SHOP_INGEST_MAX_EVENTS and SHOP_INGEST_MAX_BODY_BYTES must be positive");
        }
    }

    public static IngestConfig from(Settings settings) {
        return new IngestConfig(
                ConnectionSettings.from(settings),
                settings.string("SHOP_INGEST_HOST"),
                settings.integer("SHOP_INGEST_PORT"),
                settings.integer("SHOP_INGEST_MAX_EVENTS", 10_000),
                settings.integer("SHOP_INGEST_MAX_BODY_BYTES", 10 * 1024 * 1024),
                new ValidationPolicy(
                        settings.duration("SHOP_ALLOWED_LATENESS", ValidationPolicy.DEFAULT.allowedLateness()),
                        settings.duration("SHOP_MAX_FUTURE_SKEW", ValidationPolicy.DEFAULT.maxFutureSkew())),
                settings.integer("SHOP_INGEST_RETRY_AFTER_SECONDS", 5),
                KeyCaching.from(settings),
                settings.integer("SHOP_AUTH_FAILURES_PER_MINUTE", 30),
                EndpointClass.defaultLimits(settings),
                ClientAddresses.from(settings));
    }
}
