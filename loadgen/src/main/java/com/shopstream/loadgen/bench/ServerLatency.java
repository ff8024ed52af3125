package com.shopstream.loadgen.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long query-api itself took over a route's requests, from its own response-time histogram
 * ({@code vertx_http_server_response_time_seconds}, scraped from {@code /metrics} before and after a
 * run): from the request's headers read to its response written. Beside wrk's figures it tells the
 * time the server spent on a request from the time the request waited for a core, on either side.
 * A quantile is given as the upper bound of the histogram bucket it falls in.
 */
record ServerLatency(long requests, long p50UpToMicros, long p99UpToMicros) {

    private static final Pattern BUCKET = Pattern.compile(
            "^vertx_http_server_response_time_seconds_bucket\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
    private static final Pattern ROUTE = Pattern.compile("(?:^|,)route=\"([^\"]*)\"");
    private static final Pattern BOUND = Pattern.compile("(?:^|,)le=\"([^\"]*)\"");

    /** The requests of {@code route} between two scrapes of {@code /metrics}, or null when there were none. */
    static ServerLatency between(String before, String after, String route) {
        Map<Double, Double> start = cumulative(before, route);
        Map<Double, Double> end = cumulative(after, route);
        TreeMap<Double, Double> counts = new TreeMap<>();
        end.forEach((bound, count) -> counts.put(bound, count - start.getOrDefault(bound, 0.0)));
        double total = counts.isEmpty() ? 0 : counts.lastEntry().getValue();
        if (total <= 0) {
            return null;
        }
        return new ServerLatency(Math.round(total), upTo(counts, total * 0.5), upTo(counts, total * 0.99));
    }

    /** The route's cumulative bucket counts by upper bound in seconds, summed over methods and status codes. */
    private static Map<Double, Double> cumulative(String metrics, String route) {
        Map<Double, Double> counts = new TreeMap<>();
        Matcher bucket = BUCKET.matcher(metrics);
        while (bucket.find()) {
            Matcher routeLabel = ROUTE.matcher(bucket.group(1));
            Matcher bound = BOUND.matcher(bucket.group(1));
            if (routeLabel.find() && routeLabel.group(1).equals(route) && bound.find()) {
                double le = bound.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound.group(1));
                counts.merge(le, Double.parseDouble(bucket.group(2)), Double::sum);
            }
        }
        return counts;
    }

    private static long upTo(TreeMap<Double, Double> counts, double rank) {
        for (Map.Entry<Double, Double> bucket : counts.entrySet()) {
            if (bucket.getValue() >= rank) {
                return bucket.getKey().isInfinite() ? Long.MAX_VALUE : Math.round(bucket.getKey() * 1_000_000);
            }
        }
        return Long.MAX_VALUE;
    }
}
