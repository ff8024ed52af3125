package com.shopstream.common;

/**
 * Where PostgreSQL, Redis and Kafka are, read from the same variables that the infra scripts set.
 */
public record ConnectionSettings(
        String pgHost, int pgPort, String pgDatabase, String pgUser, String pgPassword,
        String redisHost, int redisPort,
        String kafkaBootstrap) {

    public static ConnectionSettings from(Settings settings) {
        return new ConnectionSettings(
                settings.string("SHOP_PG_HOST", "127.0.0.1"),
                settings.integer("SHOP_PG_PORT", 25432),
                settings.string("SHOP_PG_DATABASE", "shop"),
                settings.string("SHOP_PG_USER", "shop"),
                settings.string("SHOP_PG_PASSWORD", "shop"),
                settings.string("SHOP_REDIS_HOST", "127.0.0.1"),
                settings.integer("SHOP_REDIS_PORT", 26379),
                settings.string("SHOP_KAFKA_BOOTSTRAP", "127.0.0.1:29092"));
    }

    public String redisUri() {
        return "redis://" + redisHost + ":" + redisPort;
    }
}
