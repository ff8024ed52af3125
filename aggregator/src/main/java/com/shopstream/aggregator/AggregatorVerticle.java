package com.shopstream.aggregator;

import com.shopstream.aggregator.consume.AggregatorMetrics;
import com.shopstream.aggregator.consume.ConsumerLoop;
import com.shopstream.aggregator.consume.RecordDecoder;
import com.shopstream.aggregator.maintenance.BrinSummaries;
import com.shopstream.aggregator.maintenance.PlannerStatistics;
import com.shopstream.aggregator.maintenance.ViewMaintenance;
import com.shopstream.aggregator.realtime.RealtimeWriter;
import com.shopstream.aggregator.store.BatchProcessor;
import com.shopstream.aggregator.store.CatalogCache;
import com.shopstream.aggregator.store.DayPartitions;
import com.shopstream.aggregator.store.DeadLetterPublisher;
import com.shopstream.aggregator.store.EventStore;
import com.shopstream.aggregator.store.LateEvents;
import com.shopstream.common.Clients;
import com.shopstream.common.ConnectionSettings;
import com.shopstream.common.DataVersions;
import com.shopstream.common.DataVersions.Domain;
import com.shopstream.common.HttpResponses;
import com.shopstream.common.KafkaProducers;
import com.shopstream.common.PoolReport;
import com.shopstream.common.ServiceMetrics;
import com.shopstream.contract.EventValidator;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregator: consumes shop events and applies them exactly once to PostgreSQL (raw events,
 * orders, rollups, offsets, in one transaction per partition batch) and then to the realtime
 * windows in Redis. Serves {@code /health} for the infra scripts and load balancers.
 */
public final class AggregatorVerticle extends VerticleBase {

    /** View refreshes, one at a time. */
    private static final int VIEW_POOL_SIZE = 1;
    /** A refresh of the largest view on a store of tens of millions of events takes about a minute; one waiting on a lock gives up. */
    private static final Duration VIEW_STATEMENT_TIMEOUT = Duration.ofMinutes(10);
    /**
     * Refreshes are paced as one connection's time; a parallel plan would run two more processes and,
     * on a small machine, take every core from the batches while a large view refreshes.
     */
    private static final Map<String, String> VIEW_SESSION = Map.of("max_parallel_workers_per_gather", "0");
    private static final Logger LOG = LoggerFactory.getLogger(AggregatorVerticle.class);
    private static final Duration MAINTENANCE_INTERVAL = Duration.ofMinutes(15);
    private static final Duration STATISTICS_INTERVAL = Duration.ofMinutes(1);
    private static final Duration BRIN_SUMMARY_INTERVAL = Duration.ofMinutes(1);

    private final AggregatorConfig config;
    private final PrometheusMeterRegistry registry;
    private Pool pool;
    private Pool viewPool;
    private Redis redis;
    private KafkaProducer<byte[], byte[]> deadLetterProducer;
    private ConsumerLoop loop;
    private RealtimeWriter realtime;
    private Thread loopThread;

    public AggregatorVerticle(AggregatorConfig config, PrometheusMeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    @Override
    public Future<?> start() {
        ConnectionSettings connections = config.connections();
        // A Kafka client's constructor resolves the bootstrap addresses and starts threads: not on an event loop.
        return vertx.executeBlocking(() -> {
            // A send that cannot learn the topic's partitions (the broker away) gives up after MAX_BLOCK_MS,
            // and its batch is retried; the default of 60 s would hold a worker thread that long.
            deadLetterProducer = KafkaProducers.durable(connections.kafkaBootstrap(), "aggregator-dlq", 5, "lz4", Map.of(
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000));
            return new KafkaConsumer<byte[], byte[]>(consumerProperties());
        }).compose(consumer -> startWith(connections, consumer));
    }

    private Future<Void> startWith(ConnectionSettings connections, KafkaConsumer<byte[], byte[]> consumer) {
        pool = Clients.postgres(vertx, connections, config.pgPoolSize(), "aggregator");
        viewPool = Clients.postgres(vertx, connections, VIEW_POOL_SIZE, "aggregator-views", VIEW_STATEMENT_TIMEOUT, VIEW_SESSION);
        redis = Clients.redis(vertx, connections, 4, config.redisTimeout());
        Clock clock = Clock.systemUTC();

        EventStore store = new EventStore(pool, config.consumerGroup(), config.topic());
        DayPartitions dayPartitions = new DayPartitions(pool, config.retentionDays());
        BatchProcessor processor = new BatchProcessor(store,
                new CatalogCache(pool, Duration.ofSeconds(60), System::nanoTime),
                dayPartitions,
                new DeadLetterPublisher(vertx, deadLetterProducer, config.deadLetterTopic()),
                new LateEvents(config.lateThreshold()),
                config.fraudRules());
        realtime = new RealtimeWriter(redis, store, connections.redisKeyGroups(), config.consumerGroup(), config.topic(), clock);
        new KafkaClientMetrics(consumer).bindTo(registry);
        loop = new ConsumerLoop(consumer, config.topic(), config.batchInterval(), config.maxPollRecords(),
                new RecordDecoder(new EventValidator(clock, config.validation())), processor, realtime,
                store, config.unhealthyAfterFailures(), () -> {
                    LOG.error("the consumer loop stopped; exiting so that a supervisor can restart the aggregator");
                    // Not on an event loop: the shutdown hooks System.exit runs need the event loops to stop the verticle.
                    new Thread(() -> System.exit(1), "aggregator-exit").start();
                }, () -> markChanged(Domain.SALES), new AggregatorMetrics(registry));

        vertx.setPeriodic(MAINTENANCE_INTERVAL.toMillis(), id -> maintain(dayPartitions));
        scheduleStatistics(new PlannerStatistics(pool));
        scheduleBrinSummaries(new BrinSummaries(pool));
        scheduleViewMaintenance(new ViewMaintenance(viewPool, config.viewRefreshPacing(), config.viewMaintenanceNice(), clock,
                () -> markChanged(Domain.VIEWS)));
        // Batches create the partitions they need, so a failed round (the database slow or away) need not stop the start.
        return maintain(dayPartitions)
                .otherwiseEmpty()
                .compose(v -> startHealthServer())
                .onSuccess(v -> {
                    loopThread = new Thread(loop, "aggregator-consumer");
                    loopThread.start();
                });
    }

    @Override
    public Future<?> stop() {
        if (loop != null) {
            loop.stop();
        }
        return vertx.executeBlocking(() -> {
                    if (loopThread != null) {
                        loopThread.join(Duration.ofSeconds(20).toMillis());
                    }
                    deadLetterProducer.close(Duration.ofSeconds(5));
                    return null;
                })
                .eventually(() -> redis.close())
                .eventually(() -> viewPool.close())
                .eventually(() -> pool.close());
    }

    /** Tells query-api's response cache that answers over this data are stale; they expire by themselves should Redis not hear it. */
    private void markChanged(Domain domain) {
        DataVersions.changed(redis, domain).onFailure(e -> LOG.debug("could not mark {} changed: {}", domain, e.toString()));
    }

    private Future<Void> maintain(DayPartitions dayPartitions) {
        return dayPartitions.maintain(LocalDate.now(ZoneOffset.UTC))
                .onFailure(e -> LOG.warn("partition maintenance failed, next attempt in {}: {}", MAINTENANCE_INTERVAL, e.getMessage()));
    }

    /** Refreshes the partitioned tables' statistics a minute after start and a minute after each refresh ends. */
    private void scheduleStatistics(PlannerStatistics statistics) {
        vertx.setTimer(STATISTICS_INTERVAL.toMillis(), id -> {
            long started = System.nanoTime();
            statistics.refresh()
                    .onSuccess(analyzed -> {
                        if (!analyzed.isEmpty()) {
                            LOG.info("analyzed {} for the planner in {} ms", String.join(", ", analyzed),
                                    Duration.ofNanos(System.nanoTime() - started).toMillis());
                        }
                    })
                    .onFailure(e -> LOG.warn("analyzing the partitioned tables failed, next attempt in {}: {}", STATISTICS_INTERVAL, e.getMessage()))
                    .onComplete(r -> scheduleStatistics(statistics));
        });
    }

    /** Summarizes the BRIN indexes' new page ranges every minute, a minute after the last pass ends. */
    private void scheduleBrinSummaries(BrinSummaries summaries) {
        vertx.setTimer(BRIN_SUMMARY_INTERVAL.toMillis(), id -> summaries.summarizeNewRanges()
                .onSuccess(ranges -> LOG.debug("summarized {} BRIN page ranges", ranges))
                .onFailure(e -> LOG.warn("summarizing the BRIN indexes failed, next attempt in {}: {}", BRIN_SUMMARY_INTERVAL, e.getMessage()))
                .onComplete(r -> scheduleBrinSummaries(summaries)));
    }

    /** Runs a round of view maintenance, then the next one an interval after it ends, so rounds never overlap. */
    private void scheduleViewMaintenance(ViewMaintenance views) {
        vertx.setTimer(config.viewRefreshPacing().minInterval().toMillis(), id -> views.runRound()
                .onFailure(e -> LOG.warn("view maintenance round failed: {}", e.getMessage()))
                .onComplete(r -> scheduleViewMaintenance(views)));
    }

    private Future<Void> startHealthServer() {
        Router router = Router.router(vertx);
        router.get("/metrics").handler(ServiceMetrics.scrapeHandler(registry));
        router.get("/health").handler(ctx -> {
            JsonObject body = new JsonObject()
                    .put("status", loop.isHealthy() ? "up" : "down")
                    .put("partitions", new JsonArray(loop.assignedPartitions()))
                    .put("lastPollAt", Instant.ofEpochMilli(loop.lastPollAtMillis()).toString())
                    .put("failuresInARow", loop.failuresInARow())
                    .put("batches", loop.batches())
                    .put("eventsStored", loop.eventsStored())
                    .put("realtimeRebuilding", realtime.rebuilding());
            HttpResponses.json(ctx, loop.isHealthy() ? 200 : 503, body);
        });
        HttpResponses.installErrorHandlers(router);
        return vertx.createHttpServer()
                .invalidRequestHandler(HttpResponses.invalidRequestHandler())
                .requestHandler(router).listen(config.port(), config.host())
                .onSuccess(server -> {
                    LOG.info("health endpoint on http://{}:{}/health", config.host(), server.actualPort());
                    new PoolReport(registry, pool, "aggregator", Map.of(Clients.poolName("aggregator"), config.pgPoolSize(),
                            Clients.poolName("aggregator-views"), VIEW_POOL_SIZE)).start(vertx);
                })
                .mapEmpty();
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        props.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.connections().kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords(),
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100,
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.CLIENT_ID_CONFIG, "aggregator-" + ProcessHandle.current().pid()));
        // A member killed with -9 leaves no group: its partitions wait until its session expires. Kafka's
        // default of 45 s held a restarted aggregator's partitions that long; heartbeats run on their own
        // thread, so only a whole-process pause of 10 s costs a rebalance, harmless as offsets commit with the batches.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        return props;
    }
}
