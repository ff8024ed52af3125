package com.shopstream.admin;

import com.shopstream.common.ConnectionSettings;
import com.shopstream.common.Settings;
import com.shopstream.contract.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine.Command;

/**
 * Creates the events topic, with {@code SHOP_KAFKA_PARTITIONS} partitions, and its dead-letter
 * topic, where they are missing. Safe to run again; an existing topic is left as it is. Each is
 * replicated {@code SHOP_KAFKA_REPLICATION_FACTOR} times (1 on the single broker, 3 on the cluster
 * topology) and takes writes while {@code SHOP_KAFKA_MIN_INSYNC_REPLICAS} replicas have them.
 */
@Command(name = "create-topics", mixinStandardHelpOptions = true, description = "Create the event and dead-letter topics where missing.")
final class CreateTopicsCommand implements Callable<Integer> {

    private static final int TIMEOUT_SECONDS = 30;

    @Override
    public Integer call() throws InterruptedException, TimeoutException {
        Settings settings = Settings.fromEnvironment();
        int partitions = settings.integer("SHOP_KAFKA_PARTITIONS");
        short replicationFactor = (short) settings.integer("SHOP_KAFKA_REPLICATION_FACTOR", 1);
        Map<String, String> durability = Map.of("min.insync.replicas",
                Integer.toString(settings.integer("SHOP_KAFKA_MIN_INSYNC_REPLICAS", 1)));
        List<NewTopic> wanted = List.of(
                new NewTopic(Topics.EVENTS, partitions, replicationFactor).configs(durability),
                new NewTopic(Topics.EVENTS_DLQ, 1, replicationFactor).configs(durability));
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ConnectionSettings.from(settings).kafkaBootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_SECONDS * 1000))) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            for (NewTopic topic : missing) {
                try {
                    admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    System.out.printf("created topic %s: %d partition(s), replication factor %d%n",
                            topic.name(), topic.numPartitions(), topic.replicationFactor());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        System.err.println("could not create topic " + topic.name() + ": " + e.getCause().getMessage());
                        return 1;
                    }
                }
            }
            return 0;
        } catch (ExecutionException e) {
            System.err.println("could not list the topics: " + e.getCause().getMessage());
            return 1;
        }
    }
}
