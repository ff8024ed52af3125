package com.shopstream.query;

import com.shopstream.common.ConnectionSettings;
import com.shopstream.common.Settings;
import com.shopstream.common.api.ClientAddresses;
import com.shopstream.common.api.EndpointClass;
import com.shopstream.common.api.KeyCaching;
import com.shopstream.common.api.RateLimit;
import com.shopstream.contract.Topics;
import com.shopstream.query.standby.StandbySettings;
import java.time.Duration;
import java.util.Map;

/** What query-api can be told from its environment; README lists each variable. */
public record QueryApiConfig(
        ConnectionSettings connections,
        String host,
        int port,
        String consumerGroup,
        String topic,
        int pgPoolSize,
        Duration statementTimeout,
        int redisPoolSize,
        int hnswEfSearch,
        Duration embeddingUpkeepInterval,
        int recommendMinEvents,
        KeyCaching keyCaching,
        int authFailuresPerMinute,
        Map<EndpointClass, RateLimit> rateLimits,
        Duration cacheTtl,
        Duration liveInterval,
        int liveMaxSubscribers,
        int liveMaxSubscribersPerKey,
        int liveMaxQueuedBytes,
        int slowQueryMs,
        StandbySettings standby,
        ClientAddresses clientAddresses) {

    public static QueryApiConfig from(Settings settings) {
        return new QueryApiConfig(
                ConnectionSettings.from(settings),
                settings.string("SHOP_QUERY_API_HOST"),
                settings.integer("SHOP_QUERY_API_PORT"),
                settings.string("SHOP_AGGREGATOR_GROUP", "shopstream-aggregator"),
                Topics.EVENTS,
                settings.integer("SHOP_QUERY_API_PG_POOL", 16),
                settings.duration("SHOP_QUERY_API_STATEMENT_TIMEOUT", Duration.ofSeconds(10)),
                settings.integer("SHOP_QUERY_API_REDIS_POOL", 16),
                settings.integer("SHOP_HNSW_EF_SEARCH", 200),
                settings.duration("SHOP_EMBEDDING_UPKEEP_INTERVAL", Duration.ofSeconds(5)),
                settings.integer("SHOP_RECOMMEND_MIN_EVENTS", 5),
                KeyCaching.from(settings),
                settings.integer("SHOP_AUTH_FAILURES_PER_MINUTE", 30),
                EndpointClass.defaultLimits(settings),
                settings.duration("SHOP_CACHE_TTL", Duration.ofSeconds(30)),
                settings.duration("SHOP_LIVE_INTERVAL", Duration.ofMillis(500)),
                settings.integer("SHOP_LIVE_MAX_SUBSCRIBERS", 1000),
                settings.integer("SHOP_LIVE_MAX_SUBSCRIBERS_PER_KEY", 50),
                settings.integer("SHOP_LIVE_MAX_QUEUED_BYTES", 64 * 1024),
                settings.integer("SHOP_DB_SLOW_QUERY_MS"),
                StandbySettings.from(settings),
                ClientAddresses.from(settings));
    }
}
