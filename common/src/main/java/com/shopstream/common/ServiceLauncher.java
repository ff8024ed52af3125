package com.shopstream.common;

import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a service: one Vert.x instance, one verticle, and a shutdown hook that undeploys it so
 * that SIGTERM stops the service cleanly. A failed start exits with status 1.
 */
public final class ServiceLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceLauncher.class);

    private ServiceLauncher() {
    }

    public static void launch(String name, Deployable verticle) {
        Vertx vertx = Vertx.vertx(new VertxOptions());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("{} stopping", name);
            try {
                vertx.close().await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("{} did not stop cleanly", name, e);
            }
        }, name + "-shutdown"));
        vertx.deployVerticle(verticle)
                .onSuccess(id -> LOG.info("{} started", name))
                .onFailure(error -> {
                    LOG.error("{} failed to start", name, error);
                    System.exit(1);
                });
    }
}
