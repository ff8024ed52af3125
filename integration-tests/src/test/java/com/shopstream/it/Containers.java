package com.shopstream.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The stores the integration tests run against under {@code -Pcontainers}: PostgreSQL with
 * pgvector, Redis and Apache Kafka in containers (Testcontainers), with the three services started
 * against them by {@code infra/up} (SHOP_DEPENDENCIES=external) in their own state directory,
 * {@code .stack-containers}. Images can be replaced with {@code -Dcontainers.postgres.image=...},
 * {@code -Dcontainers.redis.image=...} and {@code -Dcontainers.kafka.image=...}.
 */
final class Containers {

    /** The system property {@code -Pcontainers} sets. */
    static final String MODE = "containers";
    private static final String PASSWORD = "shopstream-test";

    private Containers() {
    }

    static boolean requested() {
        return MODE.equals(System.getProperty("shop.stack"));
    }

    /** Why the tests cannot run here, or null when a Docker engine answers. */
    static String unavailableReason() {
        return DockerClientFactory.instance().isDockerAvailable() ? null
                : "-Pcontainers runs the integration tests against containers, and no Docker engine answers on this machine "
                + "(DOCKER_HOST or /var/run/docker.sock): every integration test is skipped. Without -P, they run against the local stack.";
    }

    /** Starts the containers and the services; returns the SHOP_* variables that point at them. */
    static Map<String, String> start(Path root) {
        PostgreSQLContainer postgres = new PostgreSQLContainer(image("postgres", "pgvector/pgvector:pg15")
                .asCompatibleSubstituteFor("postgres"))
                .withDatabaseName("shop").withUsername("shop").withPassword(PASSWORD)
                .withCommand("postgres", "-c", "shared_preload_libraries=pg_stat_statements", "-c", "max_connections=200",
                        "-c", "timezone=UTC", "-c", "jit=off")
                .withInitScript("containers/postgres-init.sql");
        GenericContainer<?> redis = new GenericContainer<>(image("redis", "redis:7.2"))
                .withCommand("redis-server", "--requirepass", PASSWORD, "--appendonly", "yes")
                .withExposedPorts(6379);
        KafkaContainer kafka = new KafkaContainer(image("kafka", "apache/kafka:4.1.0"));
        postgres.start();
        redis.start();
        kafka.start();

        Map<String, String> environment = new HashMap<>();
        environment.put("SHOP_DEPENDENCIES", "external");
        environment.put("SHOP_STATE_DIR", root.resolve(".stack-containers").toString());
        environment.put("SHOP_PG_HOST", postgres.getHost());
        environment.put("SHOP_PG_PORT", Integer.toString(postgres.getMappedPort(5432)));
        environment.put("SHOP_PG_DATABASE", "shop");
        environment.put("SHOP_PG_USER", "shop");
        environment.put("SHOP_PG_PASSWORD", PASSWORD);
        environment.put("SHOP_REDIS_HOST", redis.getHost());
        environment.put("SHOP_REDIS_PORT", Integer.toString(redis.getMappedPort(6379)));
        environment.put("SHOP_REDIS_PASSWORD", PASSWORD);
        environment.put("SHOP_KAFKA_BOOTSTRAP", kafka.getBootstrapServers());
        runInfra(root, environment, "up");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> runInfra(root, environment, "down")));
        return environment;
    }

    private static DockerImageName image(String name, String defaultImage) {
        return DockerImageName.parse(System.getProperty("containers." + name + ".image", defaultImage));
    }

    private static void runInfra(Path root, Map<String, String> environment, String script) {
        try {
            File log = Files.createTempFile("containers-infra-" + script, ".log").toFile();
            ProcessBuilder builder = new ProcessBuilder(List.of(root.resolve("infra").resolve(script).toString()))
                    .redirectErrorStream(true).redirectOutput(log);
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("infra/" + script + " against the containers failed:\n" + Files.readString(log.toPath()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run infra/" + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while infra/" + script + " ran", e);
        }
    }
}
