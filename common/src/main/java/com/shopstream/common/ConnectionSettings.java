package com.shopstream.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where PostgreSQL, Redis and Kafka are, read from the same variables that the infra scripts set.
 * The passwords come from {@code SHOP_PG_PASSWORD} and {@code SHOP_REDIS_PASSWORD}, or else from
 * the files {@code infra/up} generates under {@code <state dir>/secrets}. Redis commands fail after
 * {@code SHOP_REDIS_TIMEOUT} rather than wait on a paused or hung server.
 */
public record ConnectionSettings(
        String pgHost, int pgPort, String pgDatabase, String pgUser, String pgPassword,
        String redisHost, int redisPort, String redisPassword, Duration redisTimeout,
        String kafkaBootstrap) {

    /** Secrets from the state folder {@code SHOP_STATE_DIR}, or {@code .stack} in the working directory. */
    public static ConnectionSettings from(Settings settings) {
        return from(settings, Path.of(".stack"));
    }

    public static ConnectionSettings from(Settings settings, Path defaultStateDir) {
        Path secrets = Path.of(settings.string("SHOP_STATE_DIR", defaultStateDir.toString())).resolve("secrets");
        return new ConnectionSettings(
                settings.string("SHOP_PG_HOST"),
                settings.integer("SHOP_PG_PORT"),
                settings.string("SHOP_PG_DATABASE"),
                settings.string("SHOP_PG_USER"),
                settings.string("SHOP_PG_PASSWORD", secret(secrets.resolve("postgres-password"))),
                settings.string("SHOP_REDIS_HOST"),
                settings.integer("SHOP_REDIS_PORT"),
                settings.string("SHOP_REDIS_PASSWORD", secret(secrets.resolve("redis-password"))),
                settings.duration("SHOP_REDIS_TIMEOUT", Duration.ofSeconds(2)),
                settings.string("SHOP_KAFKA_BOOTSTRAP", settings.string("SHOP_KAFKA_HOST") + ":" + settings.integer("SHOP_KAFKA_PORT")));
    }

    public String redisUri() {
        return "redis://" + redisHost + ":" + redisPort;
    }

    /** The secret in the file, or null when there is none: the server then refuses with a message that says so. */
    private static String secret(Path file) {
        try {
            return Files.isReadable(file) ? Files.readString(file).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "ConnectionSettings[postgres " + pgUser + "@" + pgHost + ":" + pgPort + "/" + pgDatabase
                + ", redis " + redisHost + ":" + redisPort + ", kafka " + kafkaBootstrap + "]";
    }
}
