package com.shopstream.loadgen.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ServerLatencyTest {

    private static String scrape(long realtimeFast, long realtimeSlow, long realtimeErrors, long other) {
        String realtime = "code=\"200\",method=\"GET\",route=\"/v1/sales/realtime\",service=\"query-api\"";
        String failed = "code=\"503\",method=\"GET\",route=\"/v1/sales/realtime\",service=\"query-api\"";
        String products = "code=\"200\",method=\"GET\",route=\"/v1/products\",service=\"query-api\"";
        return """
                # TYPE vertx_http_server_response_time_seconds histogram
                vertx_http_server_response_time_seconds_bucket{%1$s,le="0.001"} %4$d
                vertx_http_server_response_time_seconds_bucket{%1$s,le="0.05"} %5$d
                vertx_http_server_response_time_seconds_bucket{%1$s,le="+Inf"} %5$d
                vertx_http_server_response_time_seconds_bucket{%2$s,le="0.001"} 0
                vertx_http_server_response_time_seconds_bucket{%2$s,le="0.05"} %6$d
                vertx_http_server_response_time_seconds_bucket{%2$s,le="+Inf"} %6$d
                vertx_http_server_response_time_seconds_bucket{%3$s,le="0.001"} %7$d
                vertx_http_server_response_time_seconds_bucket{%3$s,le="0.05"} %7$d
                vertx_http_server_response_time_seconds_bucket{%3$s,le="+Inf"} %7$d
                """.formatted(realtime, failed, products, realtimeFast, realtimeFast + realtimeSlow, realtimeErrors, other);
    }

    @Test
    @DisplayName("The route's requests between two scrapes, over every status, with each quantile as its bucket's upper bound")
    void quantilesOfTheRun() {
        String before = scrape(500, 100, 0, 7);
        String after = scrape(500 + 980, 100 + 10, 10, 9_999);

        ServerLatency latency = ServerLatency.between(before, after, "/v1/sales/realtime");

        assertThat(latency.requests()).isEqualTo(1_000);
        assertThat(latency.p50UpToMicros()).isEqualTo(1_000);
        assertThat(latency.p99UpToMicros()).as("the 990th request is among the 20 over 1 ms").isEqualTo(50_000);
    }

    @Test
    @DisplayName("No request of the route between the scrapes gives no figures")
    void nothingMeasured() {
        String scrape = scrape(5, 1, 0, 3);
        assertThat(ServerLatency.between(scrape, scrape, "/v1/sales/realtime")).isNull();
        assertThat(ServerLatency.between(scrape, scrape(5, 1, 0, 9), "/v1/pipeline/status")).isNull();
    }
}
