package com.shopstream.common;

import com.shopstream.common.realtime.KeyGroups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Where PostgreSQL, Redis and Kafka are, read from the same variables that the infra scripts set.
 * The passwords come from {@code SHOP_PG_PASSWORD} and {@code SHOP_REDIS_PASSWORD}, or else from
 * the files {@code infra/up} generates under {@code <state dir>/secrets}. Redis commands fail after
 * {@code SHOP_REDIS_TIMEOUT} rather than wait on a paused or hung server.
 *
 * <p>Redis is one node at {@code SHOP_REDIS_HOST:SHOP_REDIS_PORT}, or a Redis Cluster when
 * {@code SHOP_REDIS_CLUSTER_NODES} lists some of its nodes ({@code host:port,host:port}); the client
 * learns the rest from them. {@code SHOP_REDIS_KEY_GROUPS} spreads the realtime windows over that
 * many hash slots ({@link KeyGroups}).
 */
public record ConnectionSettings(
        String pgHost, int pgPort, String pgDatabase, String pgUser, String pgPassword,
        String redisHost, int redisPort, List<String> redisClusterNodes, KeyGroups redisKeyGroups,
        String redisPassword, Duration redisTimeout,
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
                Arrays.stream(settings.string("SHOP_REDIS_CLUSTER_NODES", "").split(","))
                        .map(String::strip).filter(node -> !node.isEmpty()).toList(),
                new KeyGroups(settings.integer("SHOP_REDIS_KEY_GROUPS", 1)),
                settings.string("SHOP_REDIS_PASSWORD", secret(secrets.resolve("redis-password"))),
                settings.duration("SHOP_REDIS_TIMEOUT", Duration.ofSeconds(2)),
                settings.string("SHOP_KAFKA_BOOTSTRAP", settings.string("SHOP_KAFKA_HOST") + ":" + settings.integer("SHOP_KAFKA_PORT")));
    }

    public boolean redisCluster() {
        return !redisClusterNodes.isEmpty();
    }

    /** The Redis endpoints to connect to: the single node, or the cluster nodes given. */
    public List<String> redisUris() {
        return redisCluster()
                ? redisClusterNodes.stream().map(node -> "redis://" + node).toList()
                : List.of("redis://" + redisHost + ":" + redisPort);
    }

    /** The same places, with PostgreSQL at another address (a standby of the same cluster). */
    public ConnectionSettings withPostgresAt(String host, int port) {
        return new ConnectionSettings(host, port, pgDatabase, pgUser, pgPassword, redisHost, redisPort, redisClusterNodes,
                redisKeyGroups, redisPassword, redisTimeout, kafkaBootstrap);
    }

    /** The same places, with Redis the single node at another address (one node of a cluster, say). */
    public ConnectionSettings withRedisNodeAt(String host, int port) {
        return new ConnectionSettings(pgHost, pgPort, pgDatabase, pgUser, pgPassword, host, port, List.of(),
                redisKeyGroups, redisPassword, redisTimeout, kafkaBootstrap);
    }

    /** The same places, reached with other passwords (null: none). */
    public ConnectionSettings withPasswords(String pg, String redis) {
        return new ConnectionSettings(pgHost, pgPort, pgDatabase, pgUser, pg, redisHost, redisPort, redisClusterNodes,
                redisKeyGroups, redis, redisTimeout, kafkaBootstrap);
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
                + ", redis " + (redisCluster() ? "cluster " + String.join(",", redisClusterNodes) : redisHost + ":" + redisPort)
                + ", kafka " + kafkaBootstrap + "]";
    }
}
