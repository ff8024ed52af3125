package com.shopstream.loadgen.bench;

import com.shopstream.common.ConnectionSettings;
import com.shopstream.common.KafkaProducers;
import com.shopstream.common.RedisBatch;
import com.shopstream.contract.EventJsonWriter;
import com.shopstream.contract.ShopEvent;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.postgresql.PGConnection;

/**
 * What this machine's parts can do on their own with the pipeline's own data, the ceiling the
 * pipeline is compared with: COPY into the partitioned raw-events table (in a transaction that is
 * rolled back, so nothing stays), pipelined Redis increments, and Kafka produce and consume of the
 * same JSON records on a scratch topic.
 */
final class LimitsBenchmark {

    record Result(String name, long items, double seconds, String unit, String note) {
        double perSecond() {
            return items / seconds;
        }
    }

    private final ConnectionSettings connections;

    LimitsBenchmark(ConnectionSettings connections) {
        this.connections = connections;
    }

    Result postgresCopy(List<ShopEvent> events) throws Exception {
        String url = "jdbc:postgresql://" + connections.pgHost() + ":" + connections.pgPort() + "/" + connections.pgDatabase();
        try (Connection conn = DriverManager.getConnection(url, connections.pgUser(), connections.pgPassword())) {
            conn.setAutoCommit(false);
            try (Statement statement = conn.createStatement()) {
                statement.execute("SELECT ensure_day_partitions(ARRAY[(now() AT TIME ZONE 'UTC')::date])");
            }
            conn.commit();
            byte[] csv = csv(events);
            long start = System.nanoTime();
            long rows = conn.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY events (event_id, occurred_at, type, customer_id, session_id, region, product_id, order_id, "
                            + "src_partition, src_offset) FROM STDIN (FORMAT csv)", new ByteArrayInputStream(csv));
            double seconds = (System.nanoTime() - start) / 1e9;
            conn.rollback();
            return new Result("PostgreSQL COPY into events (partitioned, with its indexes)", rows, seconds, "rows",
                    "one COPY of " + rows + " rows, " + csv.length / 1024 + " KiB of CSV, rolled back afterwards");
        }
    }

    /**
     * One of the 1,000 hashes, in one of 16 slot groups: on Redis Cluster a batch goes as one pipeline
     * per group, spread over the masters, as the realtime windows' key groups are.
     */
    private static String benchKey(String prefix, int hash) {
        return prefix + "{" + hash % 16 + "}:" + hash;
    }

    Result redisIncrements(Redis redis, int operations, int pipelineDepth) throws Exception {
        String prefix = "bench:" + System.nanoTime() + ":";
        long start = System.nanoTime();
        List<Future<?>> inFlight = new ArrayList<>();
        for (int done = 0; done < operations; done += pipelineDepth) {
            RedisBatch batch = new RedisBatch();
            for (int i = done; i < Math.min(operations, done + pipelineDepth); i++) {
                String key = benchKey(prefix, i % 1000);
                batch.add(key, Request.cmd(Command.HINCRBY).arg(key).arg("f" + (i % 40)).arg(1 + i % 7));
            }
            inFlight.add(batch.send(redis));
            if (inFlight.size() == 4) {
                Future.all(inFlight).await(60, TimeUnit.SECONDS);
                inFlight.clear();
            }
        }
        Future.all(inFlight).await(60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        Request delete = Request.cmd(Command.DEL);
        for (int i = 0; i < 1000; i++) {
            delete.arg(benchKey(prefix, i));
        }
        redis.send(delete).await(30, TimeUnit.SECONDS);
        return new Result("Redis HINCRBY, pipelined", operations, seconds, "ops",
                "batches of " + pipelineDepth + ", 4 batches in flight, over 1,000 hashes of 40 fields");
    }

    /** Produces the events to a scratch topic, then consumes them all; the topic is deleted afterwards. */
    List<Result> kafka(List<ShopEvent> events, int partitions) throws Exception {
        String topic = "bench.limits." + System.currentTimeMillis();
        Map<String, Object> admin = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, connections.kafkaBootstrap());
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()))).all()
                    .get(30, TimeUnit.SECONDS);
            List<byte[]> values = new ArrayList<>(events.size());
            long bytes = 0;
            for (ShopEvent event : events) {
                byte[] value = EventJsonWriter.write(event);
                values.add(value);
                bytes += value.length;
            }
            Result produce = produce(topic, events, values, bytes);
            Result consume = consume(topic, partitions, events.size(), bytes);
            client.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            return List.of(produce, consume);
        }
    }

    private Result produce(String topic, List<ShopEvent> events, List<byte[]> values, long bytes) {
        try (KafkaProducer<byte[], byte[]> producer = KafkaProducers.durable(connections.kafkaBootstrap(), "bench-limits", 5, "lz4", Map.of())) {
            long start = System.nanoTime();
            for (int i = 0; i < values.size(); i++) {
                producer.send(new ProducerRecord<>(topic,
                        Long.toString(events.get(i).customerId()).getBytes(StandardCharsets.UTF_8), values.get(i)));
            }
            producer.flush();
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result("Kafka produce (acks=all, idempotent, lz4)", values.size(), seconds, "records",
                    String.format("%.0f bytes per record, %.1f MB/s", (double) bytes / values.size(), bytes / seconds / 1e6));
        }
    }

    private Result consume(String topic, int partitions, long expected, long bytes) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connections.kafkaBootstrap(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            List<TopicPartition> assignment = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                assignment.add(new TopicPartition(topic, p));
            }
            consumer.assign(assignment);
            consumer.seekToBeginning(assignment);
            long received = 0;
            long start = System.nanoTime();
            long deadline = start + Duration.ofMinutes(2).toNanos();
            while (received < expected && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                received += records.count();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result("Kafka consume (one consumer, all partitions)", received, seconds, "records",
                    String.format("%.1f MB/s", bytes / seconds / 1e6));
        }
    }

    private static byte[] csv(List<ShopEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(events.size() * 120);
        StringBuilder line = new StringBuilder(160);
        long offset = 0;
        for (ShopEvent e : events) {
            line.setLength(0);
            line.append(e.eventId()).append(',').append(e.occurredAt()).append(',').append(e.type().wireName()).append(',')
                    .append(e.customerId()).append(',').append(e.sessionId() == null ? "" : e.sessionId()).append(',')
                    .append(e.region() == null ? "" : e.region()).append(',')
                    .append(e.productId() == null ? "" : e.productId()).append(',')
                    .append(e.orderId() == null ? "" : e.orderId()).append(',')
                    .append(0).append(',').append(offset++).append('\n');
            out.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
