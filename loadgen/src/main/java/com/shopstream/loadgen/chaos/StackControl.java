package com.shopstream.loadgen.chaos;

import com.shopstream.common.Clients;
import com.shopstream.loadgen.cli.StackAccess;
import com.shopstream.loadgen.cli.StackProcesses;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * The local stack's processes as a chaos round acts on them: found by their PID files, sent signals,
 * and probed for health the way their clients see it (a query, a PING, a cluster description, a
 * {@code /health} answer), each probe bounded by {@link #PROBE_TIMEOUT}.
 */
final class StackControl implements AutoCloseable {

    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final Path runDir;
    private final Map<String, String> healthUrls;
    private final Vertx vertx = Vertx.vertx();
    private final Pool postgres;
    private final Redis redis;
    private final Admin kafka;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();

    StackControl(StackAccess stack) {
        this.runDir = stack.stateDir().resolve("run");
        this.healthUrls = Map.of(
                "ingest", stack.ingestUrl() + "/health",
                "query-api", stack.queryApiUrl() + "/health",
                "aggregator", stack.settings().serviceUrl("SHOP_AGGREGATOR") + "/health");
        this.postgres = Clients.postgres(vertx, stack.connections(), 1, "chaos");
        this.redis = Clients.redis(vertx, stack.connections(), 1, PROBE_TIMEOUT);
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.connections().kafkaBootstrap());
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis());
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis());
        this.kafka = Admin.create(admin);
    }

    long pid(String component) {
        Long pid = StackProcesses.running(runDir).get(component);
        if (pid == null || ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
            throw new IllegalStateException(component + " is not running (no live process in " + runDir.resolve(component + ".pid") + ")");
        }
        return pid;
    }

    /** SIGKILL; returns once the process is gone. */
    void kill(String component) {
        ProcessHandle process = ProcessHandle.of(pid(component)).orElseThrow();
        process.destroyForcibly();
        process.onExit().join();
    }

    /**
     * SIGSTOP, then SIGCONT after {@code length}, to the component's process group (supervisord makes
     * each program a group leader), so that PostgreSQL's backends stop with their postmaster.
     */
    void pause(String component, Duration length) throws IOException, InterruptedException {
        long pid = pid(component);
        signalGroup("STOP", pid);
        try {
            Thread.sleep(length.toMillis());
        } finally {
            signalGroup("CONT", pid);
        }
    }

    void redis(String command, String... args) throws Exception {
        Request request = Request.cmd(Command.create(command));
        for (String arg : args) {
            request.arg(arg);
        }
        within(redis.send(request));
    }

    /** Whether the component answers its clients now. */
    boolean healthy(String component) {
        try {
            switch (component) {
                case "postgres" -> within(postgres.query("SELECT 1").execute());
                case "redis" -> within(redis.send(Request.cmd(Command.PING)));
                case "kafka" -> {
                    if (kafka.describeCluster(new DescribeClusterOptions().timeoutMs((int) PROBE_TIMEOUT.toMillis()))
                            .nodes().get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isEmpty()) {
                        return false;
                    }
                }
                default -> {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(healthUrls.get(component))).timeout(PROBE_TIMEOUT).build();
                    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Waits for the future at most {@link #PROBE_TIMEOUT}. Its failure comes wrapped in an
     * ExecutionException: the Redis client fails with error replies that are not Exceptions.
     */
    private static <T> T within(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void signalGroup(String signal, long pid) throws IOException, InterruptedException {
        if (new ProcessBuilder("kill", "-" + signal, "--", "-" + pid).start().waitFor() != 0
                && new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor() != 0) {
            throw new IllegalStateException("could not send SIG" + signal + " to " + pid);
        }
    }

    @Override
    public void close() throws TimeoutException {
        kafka.close(PROBE_TIMEOUT);
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
