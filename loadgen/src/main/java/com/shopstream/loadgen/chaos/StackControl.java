package com.shopstream.loadgen.chaos;

import com.shopstream.common.Clients;
import com.shopstream.loadgen.cli.StackAccess;
import com.shopstream.loadgen.cli.StackProcesses;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/**
 * The local stack's processes as a chaos round acts on them: found by their PID files, sent signals,
 * and probed for health the way their clients see it (a query, a PING, a cluster description, a
 * {@code /health} answer), each probe bounded by {@link #PROBE_TIMEOUT}. On the cluster topology a
 * node is probed on its own port, and the Redis Cluster is healthy when every node answers and
 * serves every slot.
 */
final class StackControl implements AutoCloseable {

    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    /** The Redis Cluster as a whole, for the faults that take one of its nodes away. */
    static final String REDIS_CLUSTER = "redis-cluster";

    private final StackAccess stack;
    private final Path runDir;
    private final Map<String, Integer> ports;
    private final Map<String, String> healthUrls = new HashMap<>();
    private final Vertx vertx = Vertx.vertx();
    private final Pool postgres;
    private final Redis redis;
    private final Map<String, Pool> postgresNodes = new HashMap<>();
    private final Map<String, Redis> redisNodes = new HashMap<>();
    private final Admin kafka;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();

    StackControl(StackAccess stack) {
        this.stack = stack;
        this.runDir = stack.stateDir().resolve("run");
        this.ports = stack.componentPorts();
        healthUrls.put("ingest", stack.ingestUrl() + "/health");
        healthUrls.put("query-api", stack.queryApiUrl() + "/health");
        healthUrls.put("aggregator", stack.settings().serviceUrl("SHOP_AGGREGATOR") + "/health");
        ports.forEach((component, port) -> {
            String kind = StackProcesses.kindOf(component);
            if (!component.equals(kind) && healthUrls.containsKey(kind)) {
                String host = stack.settings().string("SHOP_" + kind.toUpperCase(Locale.ROOT).replace('-', '_') + "_HOST");
                healthUrls.put(component, "http://" + host + ":" + port + "/health");
            }
        });
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

    /**
     * Kills whichever Redis node is a master now, and keeps it down for {@code down} (supervisord is
     * told to leave it stopped), then starts it again.
     */
    void killRedisMaster(Duration down) throws Exception {
        String master = null;
        for (String node : redisNodeNames()) {
            Response role = within(redisNode(node).send(Request.cmd(Command.ROLE)));
            if (role.get(0).toString().equals("master")) {
                master = node;
                break;
            }
        }
        if (master == null) {
            throw new IllegalStateException("no Redis node says it is a master");
        }
        kill(master);
        supervisorctl("stop", master);
        try {
            Thread.sleep(down.toMillis());
        } finally {
            supervisorctl("start", master);
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
                case "postgres-standby" -> within(postgresNode(component).query("SELECT 1").execute());
                case "redis" -> within(redis.send(Request.cmd(Command.PING)));
                case REDIS_CLUSTER -> {
                    for (String node : redisNodeNames()) {
                        if (!within(redisNode(node).send(Request.cmd(Command.CLUSTER).arg("INFO"))).toString()
                                .contains("cluster_state:ok")) {
                            return false;
                        }
                    }
                }
                case "kafka" -> {
                    if (brokers().isEmpty()) {
                        return false;
                    }
                }
                case "kafka-1", "kafka-2", "kafka-3" -> {
                    int id = Integer.parseInt(component.substring("kafka-".length()));
                    return brokers().stream().anyMatch(node -> node.id() == id);
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

    private Collection<Node> brokers() throws Exception {
        return kafka.describeCluster(new DescribeClusterOptions().timeoutMs((int) PROBE_TIMEOUT.toMillis()))
                .nodes().get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private List<String> redisNodeNames() {
        return ports.keySet().stream().filter(name -> name.startsWith("redis-")).sorted().toList();
    }

    private Redis redisNode(String node) {
        return redisNodes.computeIfAbsent(node, name -> Clients.redis(vertx,
                stack.connections().withRedisNodeAt(stack.connections().redisHost(), port(name)), 1, PROBE_TIMEOUT));
    }

    private Pool postgresNode(String node) {
        return postgresNodes.computeIfAbsent(node, name -> Clients.postgres(vertx,
                stack.connections().withPostgresAt(stack.connections().pgHost(), port(name)), 1, "chaos"));
    }

    private int port(String component) {
        Integer port = ports.get(component);
        if (port == null) {
            throw new IllegalStateException("no port known for " + component + " (SHOP_COMPONENT_PORTS, set by infra/chaos)");
        }
        return port;
    }

    /** supervisorctl against the stack's supervisord, to keep a killed component down for a while. */
    private void supervisorctl(String action, String component) throws IOException, InterruptedException {
        Path config = stack.stateDir().resolve("supervisor").resolve("supervisord.conf");
        Process process = new ProcessBuilder("supervisorctl", "-c", config.toString(), action, component)
                .redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("supervisorctl " + action + " " + component + " did not finish within 30 s");
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
        postgresNodes.values().forEach(Pool::close);
        redisNodes.values().forEach(Redis::close);
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
