package com.shopstream.common;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the Kafka cluster through an admin client: whether it answers (checked every couple of
 * seconds, so callers can refuse work at once while it is down) and the end offsets of a topic.
 * Admin calls block, so they run on worker threads.
 */
public final class KafkaMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaMonitor.class);
    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);
    private static final long TIMEOUT_MS = 3000;

    private final Vertx vertx;
    private final Admin admin;
    private volatile boolean reachable = true;
    private boolean checking;
    private long timerId = -1;

    public KafkaMonitor(Vertx vertx, String bootstrap, String clientName) {
        this.vertx = vertx;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS,
                AdminClientConfig.CLIENT_ID_CONFIG, clientName + "-" + ProcessHandle.current().pid()));
    }

    public void start() {
        check();
        timerId = vertx.setPeriodic(CHECK_INTERVAL.toMillis(), id -> check());
    }

    public boolean isReachable() {
        return reachable;
    }

    /** Marks Kafka down after a failed call, until the next successful check. */
    public void markUnreachable() {
        reachable = false;
    }

    /** The end offset (the next offset to be written) of every partition of the topic. */
    public Future<Map<Integer, Long>> endOffsets(String topic) {
        return vertx.executeBlocking(() -> {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> request = description.partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets =
                    admin.listOffsets(request).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Map<Integer, Long> ends = new HashMap<>();
            offsets.forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
            return ends;
        }, false);
    }

    /** Runs on the event loop (timer); skips a round while the previous check still waits for Kafka. */
    private void check() {
        if (checking) {
            return;
        }
        checking = true;
        vertx.executeBlocking(() -> admin.describeCluster().nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS), false)
                .onComplete(result -> {
                    boolean up = result.succeeded() && !result.result().isEmpty();
                    if (up != reachable) {
                        if (up) {
                            LOG.info("Kafka reachable again");
                        } else {
                            LOG.warn("Kafka unreachable: {}", result.cause() == null ? "no brokers" : result.cause().getMessage());
                        }
                    }
                    reachable = up;
                    checking = false;
                });
    }

    @Override
    public void close() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        admin.close(Duration.ofSeconds(2));
    }
}
