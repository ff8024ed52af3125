package com.shopstream.streams.backlog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * The committed offsets of the Streams application's consumer group: set to the backlog's start
 * before the application starts, then read until they reach its end. With exactly_once_v2 an
 * offset is visible only once the transaction that processed the records before it has committed,
 * so reaching the end means the stores' changelogs hold every update too.
 */
public final class GroupOffsets {

    private final Admin admin;
    private final String group;
    private final Backlog backlog;
    private final Duration timeout;

    public GroupOffsets(Admin admin, String group, Backlog backlog, Duration timeout) {
        this.admin = admin;
        this.group = group;
        this.backlog = backlog;
        this.timeout = timeout;
    }

    /** Fails unless the backlog names every partition of its topic: Streams would read the others from their start. */
    public void checkCoversTopic() throws InterruptedException, ExecutionException, TimeoutException {
        int partitions = admin.describeTopics(List.of(backlog.topic())).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(backlog.topic()).partitions().size();
        Set<Integer> named = backlog.start().keySet();
        if (named.size() != partitions || !named.stream().allMatch(p -> p < partitions)) {
            throw new IllegalArgumentException("topic " + backlog.topic() + " has partitions 0 to " + (partitions - 1)
                    + "; the offsets name " + named);
        }
    }

    /** Fails if the group has committed offsets already: its id belongs to another run or application. */
    public void checkFresh() throws InterruptedException, ExecutionException, TimeoutException {
        if (committed().values().stream().anyMatch(Objects::nonNull)) {
            throw new IllegalArgumentException("consumer group " + group + " has committed offsets already; "
                    + "each run needs an application id of its own");
        }
    }

    public void seedStart() throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        backlog.start().forEach((p, offset) -> offsets.put(new TopicPartition(backlog.topic(), p), new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(group, offsets).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The partitions whose committed offset is still short of the end, as {@code partition committed/end}. */
    public List<String> behind() throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = committed();
        List<String> behind = new ArrayList<>();
        backlog.end().forEach((p, end) -> {
            OffsetAndMetadata offset = committed.get(new TopicPartition(backlog.topic(), p));
            if (offset == null || offset.offset() < end) {
                behind.add(p + " " + (offset == null ? "none" : offset.offset()) + "/" + end);
            }
        });
        return behind;
    }

    private Map<TopicPartition, OffsetAndMetadata> committed() throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Map.of();
            }
            throw e;
        }
    }
}
