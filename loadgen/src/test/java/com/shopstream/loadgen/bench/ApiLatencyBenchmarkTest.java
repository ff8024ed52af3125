package com.shopstream.loadgen.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ApiLatencyBenchmarkTest {

    private static final String OUTPUT = """
            Running 10s test @ http://127.0.0.1:8080/v1/sales/realtime?window=5m
              2 threads and 64 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     2.11ms    1.95ms    1.05s   94.32%
                Req/Sec    16.33k     4.47k   32.35k    74.00%
              Latency Distribution
                 50%  812.00us
                 75%    2.14ms
                 90%    3.33ms
                 99%    6.85ms
              325280 requests in 10.01s, 85.31MB read
              Socket errors: connect 0, read 2, write 0, timeout 1
              Non-2xx or 3xx responses: 4
            Requests/sec:  32485.87
            Transfer/sec:      8.52MB
            """;

    @Test
    @DisplayName("wrk's report reads as requests, rate, p50, p99, max (in microseconds) and errors")
    void parsesWrk() {
        ApiLatencyBenchmark.Result result = ApiLatencyBenchmark.parse(
                new ApiLatencyBenchmark.Endpoint("realtime 5m", "/v1/sales/realtime?window=5m"), OUTPUT);

        assertThat(result.requests()).isEqualTo(325280);
        assertThat(result.perSecond()).isEqualTo(32485.87);
        assertThat(result.p50Micros()).isEqualTo(812);
        assertThat(result.p99Micros()).isEqualTo(6850);
        assertThat(result.maxMicros()).isEqualTo(1_050_000);
        assertThat(result.errors()).isEqualTo(7);
    }
}
