package com.shopstream.loadgen.bench;

import com.shopstream.common.api.ApiKeySecrets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Query-api latency under concurrent clients, one endpoint at a time, measured with wrk (a C load
 * generator: a client in this JVM would spend more CPU than the server it measures on two cores).
 * Each endpoint gets {@code clients} connections that send their next request as soon as the
 * previous one is answered.
 */
final class ApiLatencyBenchmark {

    record Endpoint(String name, String path) {

        /** The route query-api files the endpoint's requests under in its metrics: the path without its query. */
        String route() {
            int query = path.indexOf('?');
            return query < 0 ? path : path.substring(0, query);
        }
    }

    /**
     * wrk's figures, {@code server} those of query-api's own histogram over the same requests (null if
     * unread), and {@code background} what PostgreSQL ran besides the batches meanwhile (null if not sampled).
     */
    record Result(Endpoint endpoint, long requests, double perSecond, long p50Micros, long p99Micros, long maxMicros,
                  long errors, ServerLatency server, BackgroundWork.Overlap background) {

        Result withServer(ServerLatency server) {
            return new Result(endpoint, requests, perSecond, p50Micros, p99Micros, maxMicros, errors, server, background);
        }

        Result withBackground(BackgroundWork.Overlap background) {
            return new Result(endpoint, requests, perSecond, p50Micros, p99Micros, maxMicros, errors, server, background);
        }
    }

    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final Pattern LATENCY = Pattern.compile("^\\s+Latency\\s+\\S+\\s+\\S+\\s+([0-9.]+)(us|ms|s)", Pattern.MULTILINE);
    private static final Pattern REQUESTS = Pattern.compile("^\\s+(\\d+) requests in", Pattern.MULTILINE);
    private static final Pattern RATE = Pattern.compile("^Requests/sec:\\s+([0-9.]+)", Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    /** wrk sends the key as a header set by a script that reads it from the environment, so it stays out of the process list. */
    private static final String KEY_SCRIPT = "wrk.headers[\"" + ApiKeySecrets.HEADER + "\"] = os.getenv(\"SHOP_API_KEY\")\n";

    /** How long each endpoint is loaded, unmeasured, before it is measured under ingestion. */
    static final Duration WARM_UP = Duration.ofSeconds(2);

    private final String baseUrl;
    private final String apiKey;
    private final Path keyScript;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiLatencyBenchmark(String baseUrl, String apiKey) throws IOException {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.keyScript = Files.createTempFile("wrk-key", ".lua");
        Files.writeString(keyScript, KEY_SCRIPT);
        keyScript.toFile().deleteOnExit();
    }

    /**
     * Loads each endpoint for {@code perEndpoint}, unmeasured. A freshly started query-api answers at a
     * tenth of its speed until its code is compiled, and compiling takes a minute on cores the pipeline
     * keeps busy: warm it up while the machine is idle.
     */
    void warmUp(List<Endpoint> endpoints, int clients, Duration perEndpoint) throws IOException, InterruptedException {
        for (Endpoint endpoint : endpoints) {
            wrk(endpoint, clients, perEndpoint);
        }
    }

    /** Latency of each endpoint, after {@link #WARM_UP} of each under the same load, with the background work meanwhile. */
    List<Result> run(List<Endpoint> endpoints, int clients, Duration perEndpoint, BackgroundWork background)
            throws IOException, InterruptedException {
        warmUp(endpoints, clients, WARM_UP);
        List<Result> results = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            String before = metrics();
            Instant from = Instant.now();
            Result result = parse(endpoint, wrk(endpoint, clients, perEndpoint)).withBackground(background.during(from, Instant.now()));
            String after = metrics();
            ServerLatency server = before == null || after == null ? null : ServerLatency.between(before, after, endpoint.route());
            // Behind a balancer each scrape reaches one instance of several: its histogram then holds a
            // share of the requests, or the two scrapes reach different instances: report it only when it covers the run.
            boolean whole = server != null && server.requests() >= result.requests() * 0.9;
            results.add(whole ? result.withServer(server) : result);
        }
        return results;
    }

    private String wrk(Endpoint endpoint, int clients, Duration duration) throws IOException, InterruptedException {
        ProcessBuilder command = new ProcessBuilder("wrk", "-t2", "-c" + clients, "-d" + duration.toSeconds() + "s", "--latency",
                "--timeout", "10s", "-s", keyScript.toString(), baseUrl + endpoint.path()).redirectErrorStream(true);
        command.environment().put("SHOP_API_KEY", apiKey);
        Process wrk = command.start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!wrk.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
            throw new IllegalStateException("wrk failed on " + endpoint.path() + ":\n" + output);
        }
        return output;
    }

    static Result parse(Endpoint endpoint, String output) {
        long p50 = 0;
        long p99 = 0;
        Matcher percentile = PERCENTILE.matcher(output);
        while (percentile.find()) {
            long micros = micros(percentile.group(2), percentile.group(3));
            if (percentile.group(1).equals("50")) {
                p50 = micros;
            } else {
                p99 = micros;
            }
        }
        Matcher latency = LATENCY.matcher(output);
        long max = latency.find() ? micros(latency.group(1), latency.group(2)) : 0;
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(output);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET_ERRORS.matcher(output);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        return new Result(endpoint, find(REQUESTS, output), Double.parseDouble(group(RATE, output)), p50, p99, max, errors, null, null);
    }

    /** query-api's metrics as scraped now, or null when they could not be read: the report then lacks the server's figures. */
    private String metrics() throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics"))
                    .header(ApiKeySecrets.HEADER, apiKey).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static long micros(String value, String unit) {
        double amount = Double.parseDouble(value);
        return Math.round(switch (unit) {
            case "us" -> amount;
            case "ms" -> amount * 1_000;
            default -> amount * 1_000_000;
        });
    }

    private static long find(Pattern pattern, String output) {
        return Long.parseLong(group(pattern, output));
    }

    private static String group(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("unexpected wrk output:\n" + output);
        }
        return matcher.group(1);
    }
}
