package com.shopstream.common;

import com.shopstream.common.api.RequestLog;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a service: its metrics registry, one Vert.x instance reporting to it, one verticle, and a
 * shutdown hook that undeploys it so that SIGTERM stops the service cleanly. A failed start exits
 * with status 1.
 */
public final class ServiceLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceLauncher.class);

    private ServiceLauncher() {
    }

    public static void launch(String name, Function<PrometheusMeterRegistry, Deployable> verticle) {
        RequestLog.register();
        PrometheusMeterRegistry registry = ServiceMetrics.registry(name);
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(ServiceMetrics.vertxOptions()))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("{} stopping", name);
            try {
                vertx.close().await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("{} did not stop cleanly", name, e);
            }
        }, name + "-shutdown"));
        vertx.deployVerticle(verticle.apply(registry))
                .onSuccess(id -> LOG.info("{} started", name))
                .onFailure(error -> {
                    LOG.error("{} failed to start", name, error);
                    // Not on the event loop: the shutdown hook that System.exit runs needs it to close Vert.x.
                    new Thread(() -> System.exit(1), name + "-exit").start();
                });
    }
}
