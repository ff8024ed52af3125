package com.shopstream.loadgen.bench;

import com.shopstream.contract.Topics;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The end offset of each partition of the events topic: read before and after a backlog is
 * produced, the two bound the backlog, so that another consumer can be timed over the same records.
 */
final class TopicOffsets {

    private static final long TIMEOUT_SECONDS = 30;

    private TopicOffsets() {
    }

    /** Partition to the offset the next record will get. */
    static Map<Integer, Long> latest(String bootstrap) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        try (Admin admin = Admin.create(props)) {
            int partitions = admin.describeTopics(List.of(Topics.EVENTS)).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(Topics.EVENTS).partitions().size();
            Map<TopicPartition, OffsetSpec> request = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(Topics.EVENTS, p), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets =
                    admin.listOffsets(request).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return offsets.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset(),
                    (a, b) -> a, TreeMap::new));
        }
    }

    /** {@code 0:120,1:98,...}: how the Kafka Streams baseline takes offsets on its command line. */
    static String argument(Map<Integer, Long> offsets) {
        return offsets.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
    }
}
