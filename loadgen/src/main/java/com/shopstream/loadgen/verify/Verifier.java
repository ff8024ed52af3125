package com.shopstream.loadgen.verify;

import com.shopstream.loadgen.cli.ApiClient;
import com.shopstream.common.Money;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Compares what the API reports after a run with the run's ground truth, answer by answer, and
 * prints a table of the checks. The stack may hold earlier data: PostgreSQL figures are compared as
 * the difference to a snapshot taken before the run; realtime windows are read at the last second
 * of a minute, so that they span whole minutes and the earlier data in them is known exactly from
 * that snapshot. Answers that cannot be separated from earlier data are skipped, and say why.
 */
public final class Verifier {

    public enum Outcome { PASS, FAIL, SKIP }

    public record Check(String what, String expected, String actual, Outcome outcome) {
    }

    private static final List<String> WINDOWS = List.of("1m", "5m", "15m", "1h");
    private static final int TOP = 10;

    private final ApiClient api;
    private final List<Check> checks = new ArrayList<>();

    public Verifier(ApiClient api) {
        this.api = api;
    }

    /** Waits until every record on the topic has been stored, and its effects are in the realtime windows too. */
    public static void awaitCaughtUp(ApiClient api, Duration atMost) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            JsonObject status = api.get("/v1/pipeline/status");
            Long lag = status.getLong("consumerLag");
            Long realtimeLag = status.getLong("realtimeLag");
            if (lag != null && lag == 0 && realtimeLag != null && realtimeLag == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the pipeline did not catch up within " + atMost
                        + " (consumer lag " + lag + ", realtime lag " + realtimeLag + ")");
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    /**
     * @param duplicates the events the run sent twice on purpose
     * @param resent     the events it sent again after an attempt whose outcome it did not learn: each
     *                   may have reached the pipeline twice, as a real client's retries do
     */
    public List<Check> verify(GroundTruth truth, Snapshot before, Snapshot after, long duplicates, long resent, long late)
            throws Exception {
        counters(truth, before, after, duplicates, resent, late);
        List<Snapshot.Filter> filters = before.minutes.keySet().stream()
                .sorted(Comparator.comparing(Snapshot.Filter::toString)).toList();
        timeseries("minute", filters, before.minutes, after.minutes, truth, ChronoUnit.MINUTES);
        timeseries("hour", filters, before.hours, after.hours, truth, ChronoUnit.HOURS);
        funnel(truth, before, after);
        realtime(truth, before);
        return checks;
    }

    private void counters(GroundTruth truth, Snapshot before, Snapshot after, long duplicates, long resent, long late) {
        compare("status eventsStored (added by the run)", truth.events(), after.counter("eventsStored") - before.counter("eventsStored"));
        long dropped = after.counter("duplicatesDropped") - before.counter("duplicatesDropped");
        if (resent == 0) {
            compare("status duplicatesDropped", duplicates, dropped);
        } else {
            checks.add(new Check("status duplicatesDropped (and of requests sent again)", duplicates + " to " + (duplicates + resent),
                    Long.toString(dropped), dropped >= duplicates && dropped <= duplicates + resent ? Outcome.PASS : Outcome.FAIL));
        }
        compare("status lateEvents", late, after.counter("lateEvents") - before.counter("lateEvents"));
        compare("status deadLettered", 0, after.counter("deadLettered") - before.counter("deadLettered"));
        compare("status offsetsSkipped", 0, after.counter("offsetsSkipped") - before.counter("offsetsSkipped"));
        compare("status cancellationsApplied", truth.cancellationsApplied(),
                after.counter("cancellationsApplied") - before.counter("cancellationsApplied"));
        compare("status cancellationsIgnored", truth.cancellationsIgnored(),
                after.counter("cancellationsIgnored") - before.counter("cancellationsIgnored"));
        compare("status consumerLag", 0, after.status.getLong("consumerLag"));
        compare("status realtimeLag", 0, after.status.getLong("realtimeLag"));
        stock(truth, before, after);
    }

    /** Every product's stock must have moved by exactly what the run's orders, cancellations and adjustments say. */
    private void stock(GroundTruth truth, Snapshot before, Snapshot after) {
        String what = "products' stock (orders, cancellations, adjustments)";
        for (Map.Entry<Long, Long> product : after.stock.entrySet()) {
            long expected = before.stock.getOrDefault(product.getKey(), 0L) + truth.stockChanges().getOrDefault(product.getKey(), 0L);
            if (product.getValue() != expected) {
                checks.add(new Check(what + ": product " + product.getKey(), Long.toString(expected),
                        Long.toString(product.getValue()), Outcome.FAIL));
                return;
            }
        }
        String summary = after.stock.size() + " products";
        checks.add(new Check(what, summary, summary + " equal", Outcome.PASS));
    }

    /** Each step's sessions must have grown by the run's sessions reaching it (the run's session ids are its own). */
    private void funnel(GroundTruth truth, Snapshot before, Snapshot after) {
        long[] reaching = truth.sessionsReaching();
        StringBuilder expected = new StringBuilder();
        StringBuilder actual = new StringBuilder();
        boolean same = reaching.length == after.funnel.length;
        for (int i = 0; i < reaching.length && same; i++) {
            long added = after.funnel[i] - before.funnel[i];
            expected.append(i == 0 ? "" : " / ").append(reaching[i]);
            actual.append(i == 0 ? "" : " / ").append(added);
            same = added == reaching[i];
        }
        checks.add(new Check("funnel: sessions reaching view / cart / checkout / order", expected.toString(), actual.toString(),
                same ? Outcome.PASS : Outcome.FAIL));
    }

    /** Every bucket of every filter's series must equal what it held before plus what the run sent. */
    private void timeseries(String granularity, List<Snapshot.Filter> filters,
                            Map<Snapshot.Filter, NavigableMap<Instant, GroundTruth.Sales>> before,
                            Map<Snapshot.Filter, NavigableMap<Instant, GroundTruth.Sales>> after, GroundTruth truth, ChronoUnit unit) {
        String what = "timeseries by " + granularity + " (all sales, per region, per category)";
        int buckets = 0;
        for (Snapshot.Filter filter : filters) {
            for (Map.Entry<Instant, GroundTruth.Sales> point : after.get(filter).entrySet()) {
                Instant bucket = point.getKey();
                GroundTruth.Sales expected = truth.sales(bucket, bucket.plus(1, unit), filter.region(), filter.category());
                expected.add(before.get(filter).getOrDefault(bucket, new GroundTruth.Sales()));
                if (!same(expected, point.getValue())) {
                    checks.add(new Check(what + ": " + filter + " at " + bucket, describe(expected), describe(point.getValue()),
                            Outcome.FAIL));
                    return;
                }
                buckets++;
            }
        }
        String summary = filters.size() + " series, " + buckets + " buckets";
        checks.add(new Check(what, summary, summary + " equal", Outcome.PASS));
    }

    /** Reads every window at second :59 of one minute, so each spans whole minutes; retries in the next minute otherwise. */
    private void realtime(GroundTruth truth, Snapshot before) throws Exception {
        for (int attempt = 0; attempt < 3; attempt++) {
            waitForSecond59();
            List<CompletableFuture<JsonObject>> sales = new ArrayList<>();
            List<CompletableFuture<JsonObject>> tops = new ArrayList<>();
            for (String window : WINDOWS) {
                for (String groupBy : List.of("none", "region", "category")) {
                    sales.add(api.getAsync("/v1/sales/realtime?window=" + window + "&groupBy=" + groupBy));
                }
                tops.add(api.getAsync("/v1/products/top?window=" + window + "&limit=" + TOP));
            }
            List<JsonObject> answers = new ArrayList<>();
            sales.forEach(f -> answers.add(f.join()));
            tops.forEach(f -> answers.add(f.join()));
            if (answers.stream().allMatch(a -> Instant.parse(a.getString("from")).getEpochSecond() % 60 == 0)) {
                answers.subList(0, sales.size()).forEach(a -> realtimeSales(a, truth, before));
                answers.subList(sales.size(), answers.size()).forEach(a -> topProducts(a, truth, before));
                return;
            }
        }
        checks.add(new Check("realtime windows", "read at second :59", "never managed to read them at :59", Outcome.FAIL));
    }

    private void realtimeSales(JsonObject answer, GroundTruth truth, Snapshot before) {
        Instant from = Instant.parse(answer.getString("from"));
        Instant to = from.plus(Duration.ofSeconds(windowSeconds(answer.getString("window"))));
        String groupBy = answer.getString("groupBy");
        String what = "realtime " + answer.getString("window") + (groupBy.equals("none") ? " totals" : " by " + groupBy);
        if (!from.isAfter(before.from)) {
            checks.add(new Check(what, "", "window starts before the snapshot", Outcome.SKIP));
            return;
        }
        if (groupBy.equals("none")) {
            GroundTruth.Sales totals = truth.sales(from, to, null, null);
            totals.add(before.minutes(Snapshot.Filter.ALL, from, to));
            compareSales(what, totals, answer.getJsonObject("totals"));
            distinctCustomers(answer, truth, before, from, to);
            return;
        }
        Map<String, GroundTruth.Sales> expected = truth.salesBy(groupBy, from, to);
        for (Map.Entry<String, GroundTruth.Sales> group : expected.entrySet()) {
            Snapshot.Filter filter = groupBy.equals("region")
                    ? new Snapshot.Filter(group.getKey(), null) : new Snapshot.Filter(null, group.getKey());
            if (before.minutes.containsKey(filter)) {
                group.getValue().add(before.minutes(filter, from, to));
            }
            JsonObject actual = answer.getJsonArray("groups").stream().map(JsonObject.class::cast)
                    .filter(g -> group.getKey().equals(g.getString("key"))).findFirst().orElse(null);
            if (actual == null || !same(group.getValue(), sales(actual))) {
                checks.add(new Check(what + ": " + group.getKey(), describe(group.getValue()),
                        actual == null ? "absent" : describe(sales(actual)), Outcome.FAIL));
                return;
            }
        }
        String summary = expected.size() + " " + groupBy + " groups";
        checks.add(new Check(what, summary, summary + " equal", Outcome.PASS));
    }

    /** HyperLogLog counts are estimates (standard error 0.81%); compared within 3%, and only without earlier data. */
    private void distinctCustomers(JsonObject answer, GroundTruth truth, Snapshot before, Instant from, Instant to) {
        String what = "realtime " + answer.getString("window") + " distinct customers (estimate, within 3%)";
        String lastBefore = before.status.getString("lastEventAt");
        if (lastBefore != null && !Instant.parse(lastBefore).isBefore(from)) {
            checks.add(new Check(what, "", "window holds events from before the run", Outcome.SKIP));
            return;
        }
        long expected = truth.distinctCustomers(from, to);
        long actual = answer.getLong("distinctCustomers");
        boolean close = Math.abs(actual - expected) <= Math.max(2, expected * 0.03);
        checks.add(new Check(what, Long.toString(expected), Long.toString(actual), close ? Outcome.PASS : Outcome.FAIL));
    }

    private void topProducts(JsonObject answer, GroundTruth truth, Snapshot before) {
        Instant from = Instant.parse(answer.getString("from"));
        Instant to = from.plus(Duration.ofSeconds(windowSeconds(answer.getString("window"))));
        String what = "top products " + answer.getString("window");
        if (!from.isAfter(before.from) || before.minutes(Snapshot.Filter.ALL, from, to).orders > 0) {
            checks.add(new Check(what, "", "window holds sales from before the run", Outcome.SKIP));
            return;
        }
        Map<Long, GroundTruth.Sales> products = truth.productSales(from, to);
        List<Long> expectedRevenues = products.values().stream().map(s -> s.cents)
                .sorted(Comparator.reverseOrder()).limit(TOP).toList();
        List<Long> actualRevenues = new ArrayList<>();
        for (Object o : answer.getJsonArray("products")) {
            JsonObject product = (JsonObject) o;
            GroundTruth.Sales sales = products.get(product.getLong("productId"));
            long cents = Snapshot.cents(product.getValue("revenue"));
            actualRevenues.add(cents);
            if (sales == null || sales.cents != cents || sales.units != product.getLong("units")) {
                checks.add(new Check(what + ", product " + product.getLong("productId"),
                        sales == null ? "not sold" : money(sales.cents) + " / " + sales.units + " units",
                        money(cents) + " / " + product.getLong("units") + " units", Outcome.FAIL));
                return;
            }
        }
        compare(what + " (revenues of the top " + TOP + ")", expectedRevenues.toString(), actualRevenues.toString());
    }

    private void compareSales(String what, GroundTruth.Sales expected, JsonObject actual) {
        checks.add(new Check(what, describe(expected), actual == null ? "absent" : describe(sales(actual)),
                actual != null && same(expected, sales(actual)) ? Outcome.PASS : Outcome.FAIL));
    }

    private static GroundTruth.Sales sales(JsonObject answer) {
        GroundTruth.Sales sales = new GroundTruth.Sales();
        sales.add(Snapshot.cents(answer.getValue("revenue")), answer.getLong("orders"), answer.getLong("units"));
        return sales;
    }

    private void compare(String what, Object expected, Object actual) {
        checks.add(new Check(what, String.valueOf(expected), String.valueOf(actual),
                String.valueOf(expected).equals(String.valueOf(actual)) ? Outcome.PASS : Outcome.FAIL));
    }

    public static void print(PrintWriter out, List<Check> checks) {
        out.printf("%nVerification against the ground truth%n");
        out.printf("  %-4s  %-58s %-42s %s%n", "", "check", "expected", "reported");
        for (Check check : checks) {
            out.printf("  %-4s  %-58s %-42s %s%n", check.outcome(), abbreviate(check.what(), 58),
                    abbreviate(check.expected(), 42), check.actual());
        }
        long failed = checks.stream().filter(c -> c.outcome() == Outcome.FAIL).count();
        long skipped = checks.stream().filter(c -> c.outcome() == Outcome.SKIP).count();
        out.printf("  %d checks: %d passed, %d failed, %d skipped%n", checks.size(), checks.size() - failed - skipped, failed, skipped);
        out.flush();
    }

    private static boolean same(GroundTruth.Sales a, GroundTruth.Sales b) {
        return a.cents == b.cents && a.orders == b.orders && a.units == b.units;
    }

    private static String describe(GroundTruth.Sales s) {
        return money(s.cents) + " / " + s.orders + " orders / " + s.units + " units";
    }

    private static String money(long cents) {
        return Money.fromCents(cents).toPlainString();
    }

    private static long windowSeconds(String window) {
        return switch (window) {
            case "1m" -> 60;
            case "5m" -> 300;
            case "15m" -> 900;
            case "1h" -> 3600;
            default -> throw new IllegalArgumentException("unknown window " + window);
        };
    }

    private static void waitForSecond59() throws InterruptedException {
        while (true) {
            Instant now = Instant.now();
            long second = now.getEpochSecond() % 60;
            long millis = now.toEpochMilli() % 1000;
            if (second == 59 && millis < 300) {
                return;
            }
            long untilNext59 = ((59 - second + 60) % 60) * 1000 - millis;
            TimeUnit.MILLISECONDS.sleep(Math.max(5, untilNext59 > 0 ? untilNext59 : 1000 - millis));
        }
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
