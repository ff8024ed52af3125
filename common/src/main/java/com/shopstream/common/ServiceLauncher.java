package com.shopstream.common;

import com.shopstream.common.api.RequestLog;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a service: its metrics registry, one Vert.x instance reporting to it, one verticle, and a
 * shutdown hook that undeploys it so that SIGTERM stops the service cleanly. A failed start exits
 * with status 1, and so does a start still unfinished after {@link #START_DEADLINE}: a start that
 * hangs (a clean-up that never completes after a failure, say) would otherwise leave a process that
 * a supervisor sees running and never restarts.
 */
public final class ServiceLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceLauncher.class);
    private static final Duration START_DEADLINE = Duration.ofMinutes(3);

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
        Future<String> deployment = vertx.deployVerticle(verticle.apply(registry))
                .onSuccess(id -> LOG.info("{} started", name))
                .onFailure(error -> {
                    LOG.error("{} failed to start", name, error);
                    // Not on the event loop: the shutdown hook that System.exit runs needs it to close Vert.x.
                    new Thread(() -> System.exit(1), name + "-exit").start();
                });
        Thread watchdog = new Thread(() -> {
            try {
                deployment.toCompletionStage().toCompletableFuture().get(START_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LOG.error("{} did not finish starting within {}; exiting so that a supervisor can start it again", name, START_DEADLINE);
                System.exit(1);
            } catch (InterruptedException | ExecutionException e) {
                // started or failed: handled above
            }
        }, name + "-start-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
