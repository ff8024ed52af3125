package com.shopstream.loadgen.bench;

import com.shopstream.loadgen.cli.ApiClient;
import com.shopstream.common.ConnectionSettings;
import com.shopstream.common.KafkaProducers;
import com.shopstream.contract.EventJsonWriter;
import com.shopstream.contract.EventType;
import com.shopstream.contract.Topics;
import com.shopstream.contract.OrderLine;
import com.shopstream.contract.ShopEvent;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Measures freshness: the time from producing an event to seeing it in the realtime API and in the
 * timeseries. Probe orders of a region of their own are produced at a steady pace among the regular
 * load; two pollers read the region's order count from each endpoint, and a probe is visible when
 * the count reaches it. The poll interval bounds the resolution and is reported with the figures.
 * The first {@link #WARM_UP} of probes are sent and polled for but not counted: the pollers, the
 * probe producer and query-api's answers for the new region start cold, and in one run their start
 * took the machine's cores for about 4 s (the batches' commit p99 went from 0.2 to 1.1 s).
 */
final class FreshnessProbe {

    static final Duration REALTIME_POLL = Duration.ofMillis(10);
    static final Duration TIMESERIES_POLL = Duration.ofMillis(20);
    static final Duration WARM_UP = Duration.ofSeconds(5);

    /** Freshness histograms in microseconds. */
    record Result(Histogram realtime, Histogram timeseries, int probes, int missedRealtime, int missedTimeseries) {
    }

    private final ConnectionSettings connections;
    private final ApiClient api;
    private final long productId;

    FreshnessProbe(ConnectionSettings connections, ApiClient api, long productId) {
        this.connections = connections;
        this.api = api;
        this.productId = productId;
    }

    Result measure(Duration duration, int probesPerSecond) throws Exception {
        String region = "probe-" + Long.toString(System.currentTimeMillis(), 36);
        int warmUp = (int) (WARM_UP.toSeconds() * probesPerSecond);
        int probes = warmUp + (int) (duration.toSeconds() * probesPerSecond);
        long[] sentAt = new long[probes];
        long[] realtimeAt = new long[probes];
        long[] timeseriesAt = new long[probes];
        Instant from = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant to = from.plus(WARM_UP).plus(duration).plus(Duration.ofMinutes(3));
        Thread realtime = poller(probes, realtimeAt, REALTIME_POLL, () -> api.get("/v1/sales/realtime?window=1h&groupBy=region"),
                body -> body.getJsonArray("groups").stream().map(JsonObject.class::cast)
                        .filter(g -> region.equals(g.getString("key"))).mapToLong(g -> g.getLong("orders")).sum());
        Thread timeseries = poller(probes, timeseriesAt, TIMESERIES_POLL,
                () -> api.get("/v1/sales/timeseries?granularity=minute&from=" + from + "&to=" + to + "&region=" + region),
                body -> body.getJsonArray("points").stream().map(JsonObject.class::cast).mapToLong(p -> p.getLong("orders")).sum());
        try (KafkaProducer<byte[], byte[]> producer = KafkaProducers.durable(connections.kafkaBootstrap(), "bench-probe", 0, "none", Map.of())) {
            realtime.start();
            timeseries.start();
            // One customer, so one partition: probes become visible in the order they were sent.
            long customer = ThreadLocalRandom.current().nextLong(1, 1_000_000_000L);
            long interval = 1_000_000_000L / probesPerSecond;
            long start = System.nanoTime();
            for (int k = 0; k < probes; k++) {
                long due = start + k * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                ShopEvent probe = new ShopEvent(UUID.randomUUID(), EventType.ORDER_PLACED, Instant.now(), customer, null,
                        region, ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE),
                        List.of(new OrderLine(productId, 1, new BigDecimal("0.01"))), null);
                sentAt[k] = System.nanoTime();
                producer.send(new ProducerRecord<>(Topics.EVENTS, Long.toString(customer).getBytes(StandardCharsets.UTF_8),
                        EventJsonWriter.write(probe)));
            }
            producer.flush();
        }
        realtime.join(Duration.ofSeconds(90).toMillis());
        timeseries.join(Duration.ofSeconds(90).toMillis());
        realtime.interrupt();
        timeseries.interrupt();
        return new Result(histogram(sentAt, realtimeAt, warmUp), histogram(sentAt, timeseriesAt, warmUp), probes - warmUp,
                missed(realtimeAt, warmUp), missed(timeseriesAt, warmUp));
    }

    private interface Call {
        JsonObject get() throws Exception;
    }

    /** Polls until the count reaches the number of probes, stamping each probe when the count first reaches it. */
    private static Thread poller(int probes, long[] visibleAt, Duration interval, Call call, ToLongFunction<JsonObject> count) {
        Thread thread = new Thread(() -> {
            int seen = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (seen < probes && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
                try {
                    long visible = count.applyAsLong(call.get());
                    long now = System.nanoTime();
                    while (seen < Math.min(visible, probes)) {
                        visibleAt[seen++] = now;
                    }
                    TimeUnit.NANOSECONDS.sleep(interval.toNanos());
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // a failed poll is retried at the next interval
                }
            }
        }, "bench-freshness-poller");
        thread.setDaemon(true);
        return thread;
    }

    /** The probes from {@code first} on. */
    private static Histogram histogram(long[] sentAt, long[] visibleAt, int first) {
        Histogram histogram = new Histogram(3);
        for (int k = first; k < sentAt.length; k++) {
            if (visibleAt[k] > 0 && sentAt[k] > 0) {
                histogram.recordValue(Math.max(0, (visibleAt[k] - sentAt[k]) / 1000));
            }
        }
        return histogram;
    }

    private static int missed(long[] visibleAt, int first) {
        int missed = 0;
        for (int k = first; k < visibleAt.length; k++) {
            if (visibleAt[k] == 0) {
                missed++;
            }
        }
        return missed;
    }
}
