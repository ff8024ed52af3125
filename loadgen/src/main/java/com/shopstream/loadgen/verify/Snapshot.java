package com.shopstream.loadgen.verify;

import com.shopstream.loadgen.cli.ApiClient;
import com.shopstream.common.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The API's answers at one moment: the pipeline counters, the sales timeseries (by minute and by
 * hour; in total, per region and per category) over a range, the funnel of the sessions started in
 * the range's hours, and every product's stock. Taken before a run and after it, the difference is
 * what the run added.
 */
public final class Snapshot {

    /** A timeseries filter: everything, one region, or one category. */
    public record Filter(String region, String category) {
        public static final Filter ALL = new Filter(null, null);

        String query() {
            return region != null ? "&region=" + ApiClient.encode(region)
                    : category != null ? "&category=" + ApiClient.encode(category) : "";
        }

        @Override
        public String toString() {
            return region != null ? "region " + region : category != null ? "category " + category : "all sales";
        }
    }

    final JsonObject status;
    final Instant from;
    final Instant to;
    final Map<Filter, NavigableMap<Instant, GroundTruth.Sales>> minutes = new HashMap<>();
    final Map<Filter, NavigableMap<Instant, GroundTruth.Sales>> hours = new HashMap<>();
    final Map<Long, Long> stock = new HashMap<>();
    /** Sessions reaching each funnel step, in the API's order of steps. */
    long[] funnel;

    private Snapshot(JsonObject status, Instant from, Instant to) {
        this.status = status;
        this.from = from;
        this.to = to;
    }

    /** Reads the counters and the timeseries of [from, to) for every filter. */
    public static Snapshot take(ApiClient api, Instant from, Instant to, List<Filter> filters) throws IOException, InterruptedException {
        Snapshot snapshot = new Snapshot(api.get("/v1/pipeline/status"), from.truncatedTo(ChronoUnit.MINUTES), to);
        Instant hourFrom = from.truncatedTo(ChronoUnit.HOURS);
        for (Filter filter : filters) {
            snapshot.minutes.put(filter, series(api, "minute", snapshot.from, to, filter));
            snapshot.hours.put(filter, series(api, "hour", hourFrom, to, filter));
        }
        Instant funnelTo = to.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        JsonArray steps = api.get("/v1/funnel?from=" + hourFrom + "&to=" + funnelTo).getJsonArray("steps");
        snapshot.funnel = new long[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            snapshot.funnel[i] = steps.getJsonObject(i).getLong("sessions");
        }
        String cursor = null;
        do {
            JsonObject page = api.get("/v1/products?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor));
            page.getJsonArray("products").forEach(p -> {
                JsonObject product = (JsonObject) p;
                snapshot.stock.put(product.getLong("id"), product.getLong("stock"));
            });
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return snapshot;
    }

    public long counter(String name) {
        return status.getLong(name);
    }

    /** Sales of a filter over whole minutes [from, to), which must lie inside the snapshot's range. */
    GroundTruth.Sales minutes(Filter filter, Instant rangeFrom, Instant rangeTo) {
        GroundTruth.Sales sum = new GroundTruth.Sales();
        minutes.get(filter).subMap(rangeFrom, true, rangeTo, false).values().forEach(sum::add);
        return sum;
    }

    private static NavigableMap<Instant, GroundTruth.Sales> series(ApiClient api, String granularity, Instant from, Instant to,
                                                                   Filter filter) throws IOException, InterruptedException {
        JsonObject body = api.get("/v1/sales/timeseries?granularity=" + granularity + "&from=" + from + "&to=" + to + filter.query());
        NavigableMap<Instant, GroundTruth.Sales> points = new TreeMap<>();
        body.getJsonArray("points").forEach(p -> {
            JsonObject point = (JsonObject) p;
            GroundTruth.Sales sales = new GroundTruth.Sales();
            sales.add(cents(point.getValue("revenue")), point.getLong("orders"), point.getLong("units"));
            points.put(Instant.parse(point.getString("bucket")), sales);
        });
        return points;
    }

    /** An API amount (a JSON number with two decimals) in cents. */
    static long cents(Object amount) {
        return Money.toCents(new BigDecimal(amount.toString()));
    }
}
