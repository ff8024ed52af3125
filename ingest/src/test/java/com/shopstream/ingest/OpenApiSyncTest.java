package com.shopstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopstream.common.OpenApiDocument;
import com.shopstream.common.Settings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OpenApiSyncTest {

    @Test
    @DisplayName("The OpenAPI document describes exactly the operations ingest routes")
    void sameOperations() {
        Vertx vertx = Vertx.vertx();
        try {
            IngestVerticle verticle = new IngestVerticle(IngestConfig.from(new Settings(Map.of())),
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            verticle.init(vertx, vertx.getOrCreateContext());
            assertThat(OpenApiDocument.operations(OpenApiDocument.load(IngestVerticle.OPENAPI)))
                    .isEqualTo(OpenApiDocument.operations(verticle.routes(null)));
        } finally {
            vertx.close();
        }
    }
}
