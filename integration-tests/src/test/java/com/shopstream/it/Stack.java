package com.shopstream.it;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import com.shopstream.common.Clients;
import com.shopstream.common.ConnectionSettings;
import com.shopstream.common.KafkaProducers;
import com.shopstream.common.Settings;
import com.shopstream.common.api.ApiKeySecrets;
import com.shopstream.contract.EventJsonWriter;
import com.shopstream.contract.ShopEvent;
import com.shopstream.contract.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The running stack (the local one, or under {@code -Pcontainers} the services against containers), as
 * the tests see it from outside: the same {@code SHOP_*} variables the
 * services read, HTTP clients for ingest and query-api, and direct clients for Kafka, PostgreSQL and
 * Redis to feed raw records and check stored state. One instance per test JVM.
 */
final class Stack {

    static final Stack INSTANCE = new Stack();
    /** The tag of tests that stop, kill or inspect the local stack's own processes and files: not run against containers. */
    static final String LOCAL_ONLY = "local-stack";
    /**
     * The tag of tests that assume the single topology's layout: one instance of each service on its
     * own port with no balancer in front, and every read on the primary. Not run on the cluster topology.
     */
    static final String SINGLE_TOPOLOGY = "single-topology";

    final Path root = Path.of(System.getProperty("shop.root", "..")).toAbsolutePath().normalize();
    /** Under -Pcontainers, the variables that point at the containers; empty against the local stack. */
    private final Map<String, String> containers = Containers.requested() ? Containers.start(root) : Map.of();
    final Vertx vertx = Vertx.vertx();
    final Settings settings = settings(containers);
    final ConnectionSettings connections = ConnectionSettings.from(settings, root.resolve(".stack"));
    final WebClient http = WebClient.create(vertx);
    final Pool pg = Clients.postgres(vertx, connections, 4, "integration-tests");
    final Redis redis = Clients.redis(vertx, connections, 4);
    final KafkaProducer<byte[], byte[]> kafka = KafkaProducers.durable(connections.kafkaBootstrap(), "integration-tests", 0, "none", Map.of());
    final String queryApi = settings.serviceUrl("SHOP_QUERY_API");
    final String ingest = settings.serviceUrl("SHOP_INGEST");
    final String aggregator = settings.serviceUrl("SHOP_AGGREGATOR");
    final Path stateDir = Path.of(settings.string("SHOP_STATE_DIR", root.resolve(".stack").toString()));
    /** The local admin key infra/up made: every scope, no rate limits. */
    final String apiKey = ApiKeySecrets.local(settings, root.resolve(".stack"));

    private Stack() {
    }

    private static Settings settings(Map<String, String> containers) {
        Map<String, String> values = new HashMap<>(System.getenv());
        values.putAll(containers);
        return new Settings(values);
    }

    static <T> T await(Future<T> future) {
        try {
            return future.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<Buffer> get(String pathAndQuery) {
        return await(http.getAbs(queryApi + pathAndQuery).putHeader(ApiKeySecrets.HEADER, apiKey).send());
    }

    JsonObject getJson(String pathAndQuery) {
        HttpResponse<Buffer> response = get(pathAndQuery);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + pathAndQuery + " answered " + response.statusCode() + ": " + response.bodyAsString());
        }
        return response.bodyAsJsonObject();
    }

    /** A request with the given key ({@code null}: without one). */
    HttpRequest<Buffer> request(HttpMethod method, String url, String key) {
        HttpRequest<Buffer> request = http.requestAbs(method, url);
        return key == null ? request : request.putHeader(ApiKeySecrets.HEADER, key);
    }

    /** Creates a key through the admin API (with the local admin key); returns the answer, which holds the key. */
    JsonObject createKey(String name, JsonObject rateLimits, String... scopes) {
        JsonObject body = new JsonObject().put("name", name).put("scopes", new JsonArray(List.of(scopes)));
        if (rateLimits != null) {
            body.put("rateLimits", rateLimits);
        }
        HttpResponse<Buffer> created = await(request(HttpMethod.POST, queryApi + "/v1/admin/keys", apiKey).sendJsonObject(body));
        if (created.statusCode() != 201) {
            throw new AssertionError("creating a key answered " + created.statusCode() + ": " + created.bodyAsString());
        }
        return created.bodyAsJsonObject();
    }

    HttpResponse<Buffer> put(String path, String body) {
        return await(http.putAbs(queryApi + path).putHeader(ApiKeySecrets.HEADER, apiKey)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)));
    }

    HttpResponse<Buffer> postEvents(String body) {
        return postEvents(ingest, body);
    }

    HttpResponse<Buffer> postEvents(String ingestUrl, String body) {
        return await(http.postAbs(ingestUrl + "/v1/events").putHeader(ApiKeySecrets.HEADER, apiKey)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)));
    }

    /** Writes events straight to the topic, as a producer that bypasses ingest would. */
    void produce(List<ShopEvent> events) {
        for (ShopEvent event : events) {
            produceRaw(Long.toString(event.customerId()), EventJsonWriter.write(event));
        }
        kafka.flush();
    }

    /** Writes events straight to one partition of the topic, whatever their key would choose. */
    void produceTo(int partition, List<ShopEvent> events) {
        for (ShopEvent event : events) {
            send(new ProducerRecord<>(Topics.EVENTS, partition, Long.toString(event.customerId()).getBytes(StandardCharsets.UTF_8),
                    EventJsonWriter.write(event)));
        }
    }

    /**
     * Sends the events as one Kafka record batch (they must share a key): the aggregator then reads
     * them in one poll, so they are stored by one transaction.
     */
    void produceInOneBatch(List<ShopEvent> events) {
        try (KafkaProducer<byte[], byte[]> batching = KafkaProducers.durable(connections.kafkaBootstrap(), "integration-tests-batched",
                60_000, "none", Map.of())) {
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            for (ShopEvent event : events) {
                acks.add(batching.send(new ProducerRecord<>(Topics.EVENTS, Long.toString(event.customerId()).getBytes(StandardCharsets.UTF_8),
                        EventJsonWriter.write(event))));
            }
            batching.flush();
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void produceRaw(String key, byte[] value) {
        send(new ProducerRecord<>(Topics.EVENTS, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
    }

    private void send(ProducerRecord<byte[], byte[]> record) {
        try {
            kafka.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    RowSet<Row> sql(String sql, Object... params) {
        return await(pg.preparedQuery(sql).execute(Tuple.wrap(params)));
    }

    JsonObject status() {
        return getJson("/v1/pipeline/status");
    }

    /** A region's revenue, orders and units in the minute rollups over [from, to), summed, in the API's shape. */
    JsonObject regionTotals(String region, Instant from, Instant to) {
        JsonObject minutes = getJson("/v1/sales/timeseries?granularity=minute&region=" + region + "&from=" + from + "&to=" + to);
        java.math.BigDecimal revenue = java.math.BigDecimal.ZERO;
        long orders = 0;
        long units = 0;
        for (Object o : minutes.getJsonArray("points")) {
            JsonObject point = (JsonObject) o;
            revenue = revenue.add(new java.math.BigDecimal(point.getValue("revenue").toString()));
            orders += point.getLong("orders");
            units += point.getLong("units");
        }
        return new JsonObject().put("revenue", revenue.toPlainString()).put("orders", orders).put("units", units);
    }

    /** A view's entry in the pipeline status; empty when the status does not list it (yet). */
    JsonObject view(String name) {
        for (Object o : status().getJsonArray("views")) {
            if (name.equals(((JsonObject) o).getString("name"))) {
                return (JsonObject) o;
            }
        }
        return new JsonObject();
    }

    /**
     * Waits until every record is stored and each of the views was refreshed from all of them: by a
     * refresh that read the partitions' offsets at or past where they stand once caught up. (A refresh
     * after a moment taken then would miss one that ran between the last commit and that moment, and
     * wait for another that nothing would cause.) Should they not be, it fails with what tells the
     * causes apart: the views as the API and as the database see them, the view maintenance's
     * session, and what the aggregator logged about views.
     */
    void awaitViewsRefreshed(List<String> views) {
        awaitCaughtUp(timeout());
        long stored = sql("SELECT coalesce(sum(next_offset), 0)::bigint FROM partition_progress").iterator().next().getLong(0);
        try {
            Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() ->
                    sql("SELECT count(*) FROM view_refreshes WHERE view_name = ANY($1) AND input_version >= $2",
                            views.toArray(String[]::new), stored).iterator().next().getLong(0) == views.size());
        } catch (ConditionTimeoutException notRefreshed) {
            throw new AssertionError("views " + views + " not refreshed from the offsets stored, " + stored + " in all\n"
                    + viewDiagnosis(), notRefreshed);
        }
    }

    private String viewDiagnosis() {
        StringBuilder diagnosis = new StringBuilder();
        try {
            diagnosis.append("in the status: ").append(status().getJsonArray("views").encode()).append('\n');
            for (Row row : sql("SELECT view_name, refreshed_at::text, duration_ms, input_version, last_error FROM view_refreshes")) {
                diagnosis.append("in view_refreshes: ").append(row.deepToString()).append('\n');
            }
            for (Row row : sql("""
                    SELECT application_name, state, wait_event_type, wait_event, (now() - query_start)::text, left(query, 120)
                    FROM pg_stat_activity WHERE application_name LIKE 'aggregator%'""")) {
                diagnosis.append("session: ").append(row.deepToString()).append('\n');
            }
            try (var lines = Files.lines(stateDir.resolve("logs").resolve("aggregator.log"))) {
                List<String> said = lines.filter(line -> line.contains("view") || line.contains("exiting")).toList();
                said.subList(Math.max(0, said.size() - 20), said.size())
                        .forEach(line -> diagnosis.append("aggregator: ").append(line).append('\n'));
            }
        } catch (RuntimeException | IOException e) {
            diagnosis.append("(diagnosis cut short: ").append(e).append(')');
        }
        return diagnosis.toString();
    }

    /** Waits until every record on the topic has been stored, and its effects are in the realtime windows too. */
    void awaitCaughtUp(Duration atMost) {
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            JsonObject status = status();
            return Long.valueOf(0).equals(status.getLong("consumerLag")) && Long.valueOf(0).equals(status.getLong("realtimeLag"));
        });
    }

    /** Runs an infra script (up, down, status) and fails with its output if it fails. */
    String infra(String script, String... args) throws IOException, InterruptedException {
        return infra(Map.of(), script, args);
    }

    /** Runs an infra script with more environment variables, which the services it starts inherit. */
    String infra(Map<String, String> environment, String script, String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder();
        builder.environment().putAll(containers);
        builder.environment().putAll(environment);
        builder.command().add(root.resolve("infra").resolve(script).toString());
        builder.command().addAll(List.of(args));
        builder.redirectErrorStream(true);
        File output = Files.createTempFile("infra-" + script, ".log").toFile();
        builder.redirectOutput(output);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("infra/" + script + " did not finish in 5 minutes");
        }
        String text = Files.readString(output.toPath());
        if (process.exitValue() != 0) {
            throw new AssertionError("infra/" + script + " failed:\n" + text);
        }
        return text;
    }

    long pidOf(String component) throws IOException {
        return Long.parseLong(Files.readString(stateDir.resolve("run").resolve(component + ".pid")).trim());
    }

    /** Kills the component with SIGKILL, as a crash would, and returns once it is gone. */
    long killNine(String component) throws IOException {
        long pid = pidOf(component);
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid + " for " + component));
        process.destroyForcibly();
        process.onExit().join();
        return pid;
    }

    /** Waits until the supervisor has started the component again: a new, live process in its PID file. */
    long awaitRestarted(String component, long killedPid) {
        return Awaitility.await(component + " restarted by the supervisor").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> pidOf(component), pid -> pid != killedPid && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    Duration timeout() {
        return Duration.ofSeconds(90);
    }
}
