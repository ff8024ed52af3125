package com.shopstream.common;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisReplicas;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;

/** Builds the PostgreSQL and Redis clients every service uses, configured the same way. */
public final class Clients {

    /** How often PostgreSQL checks, while a statement runs, that the client that sent it is still there. */
    private static final Duration CLIENT_CHECK_INTERVAL = Duration.ofSeconds(1);

    private Clients() {
    }

    public static Pool postgres(Vertx vertx, ConnectionSettings settings, int maxSize, String applicationName) {
        return postgres(vertx, settings, maxSize, applicationName, null);
    }

    /** A pool whose sessions cancel any statement running longer than {@code statementTimeout} (SQLSTATE 57014); null: no bound. */
    public static Pool postgres(Vertx vertx, ConnectionSettings settings, int maxSize, String applicationName,
                                Duration statementTimeout) {
        return postgres(vertx, settings, maxSize, applicationName, statementTimeout, Map.of());
    }

    /** A pool as above whose sessions also start with the given PostgreSQL settings. */
    public static Pool postgres(Vertx vertx, ConnectionSettings settings, int maxSize, String applicationName,
                                Duration statementTimeout, Map<String, String> sessionSettings) {
        PgConnectOptions connect = new PgConnectOptions()
                .setHost(settings.pgHost())
                .setPort(settings.pgPort())
                .setDatabase(settings.pgDatabase())
                .setUser(settings.pgUser())
                .setPassword(settings.pgPassword())
                .setCachePreparedStatements(true)
                // The default leaves statements over 2,048 characters uncached, so PostgreSQL parses and
                // plans them on every call: the fraud rules' statement cost a fifth of the backends' CPU so.
                .setPreparedStatementCacheSqlLimit(16_384)
                .setPipeliningLimit(16)
                .addProperty("application_name", applicationName)
                // PostgreSQL notices a vanished client only when it next writes to it: the refresh of a
                // killed aggregator kept a core and the view's lock for another minute. This polls the
                // socket while a statement runs and cancels the statement once its client is gone.
                .addProperty("client_connection_check_interval", Long.toString(CLIENT_CHECK_INTERVAL.toMillis()));
        if (statementTimeout != null) {
            connect.addProperty("statement_timeout", Long.toString(statementTimeout.toMillis()));
        }
        sessionSettings.forEach(connect::addProperty);
        PoolOptions pool = new PoolOptions()
                .setMaxSize(maxSize)
                .setMaxWaitQueueSize(10_000)
                .setConnectionTimeout(5)
                .setName(poolName(applicationName));
        return PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build();
    }

    /** The name of a service's PostgreSQL pool, as its pool metrics are tagged. */
    public static String poolName(String applicationName) {
        return applicationName + "-pg";
    }

    /** A Redis client whose commands fail after the settings' timeout. */
    public static Redis redis(Vertx vertx, ConnectionSettings settings, int maxPoolSize) {
        return redis(vertx, settings, maxPoolSize, settings.redisTimeout());
    }

    /** A Redis client whose commands fail after {@code timeout}, for callers whose commands may run long. */
    public static Redis redis(Vertx vertx, ConnectionSettings settings, int maxPoolSize, Duration timeout) {
        RedisOptions options = new RedisOptions()
                .setEndpoints(new ArrayList<>(settings.redisUris()))
                .setPassword(settings.redisPassword())
                .setMaxPoolSize(maxPoolSize)
                .setMaxPoolWaiting(10_000)
                .setMaxWaitingHandlers(100_000)
                // RESP2 keeps replies in one shape (hashes as flat arrays) whatever the server version.
                .setPreferredProtocolVersion(ProtocolVersion.RESP2);
        if (settings.redisCluster()) {
            // Masters only: a replica may lag, and the fences must be read where they are written.
            options.setType(RedisClientType.CLUSTER).setUseReplicas(RedisReplicas.NEVER);
        }
        return new TimedRedis(Redis.createClient(vertx, options), timeout, settings.redisCluster(), maxPoolSize);
    }
}
