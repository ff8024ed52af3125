package com.shopstream.common;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * A service's metrics: one Prometheus registry per process, tagged with the service's name, fed by
 * Vert.x (HTTP requests per route, method and status with latency histograms; PostgreSQL and Redis
 * pool usage and queueing; JVM memory, GC and threads) and by the service's own meters, and served
 * at {@code GET /metrics} in the Prometheus text format.
 */
public final class ServiceMetrics {

    private ServiceMetrics() {
    }

    public static PrometheusMeterRegistry registry(String service) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("service", service).meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                // Histogram buckets, so that latency quantiles can be computed across instances.
                return id.getName().startsWith("vertx.http.server") || id.getName().startsWith("vertx.pool")
                        || id.getName().startsWith("shop.")
                        ? DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config)
                        : config;
            }
        });
        return registry;
    }

    /** What Vert.x reports to the registry: per-route HTTP figures and named pools among them. */
    public static MicrometerMetricsOptions vertxOptions() {
        return new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(true)
                .addLabels(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME);
    }

    public static Handler<RoutingContext> scrapeHandler(PrometheusMeterRegistry registry) {
        return PrometheusScrapingHandler.create(registry);
    }
}
