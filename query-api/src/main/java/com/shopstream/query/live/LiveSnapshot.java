package com.shopstream.query.live;

import com.shopstream.query.api.Times;
import com.shopstream.query.pipeline.PipelineStatus;
import com.shopstream.query.pipeline.PipelineStatusHandler;
import com.shopstream.query.sales.Funnel;
import com.shopstream.query.sales.FunnelHandler;
import com.shopstream.query.sales.Granularity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What live subscribers receive each interval, everything the dashboard shows in one message:
 * sales of the last 1, 5, 15 and 60 minutes, revenue per minute over the last hour, the hour's
 * categories, regions and best sellers, the funnel of sessions started since the previous whole
 * hour, and the pipeline's lag and freshness. Computed by the same code as the REST answers.
 */
public final class LiveSnapshot {

    private static final List<Window> WINDOWS = List.of(Window.ONE_MINUTE, Window.FIVE_MINUTES, Window.FIFTEEN_MINUTES, Window.ONE_HOUR);
    private static final int MINUTES = 60;
    private static final int TOP_PRODUCTS = 10;

    private final RealtimeSalesHandler realtime;
    private final TopProductsHandler top;
    private final FunnelHandler funnel;
    private final PipelineStatusHandler status;
    private final Clock clock;

    public LiveSnapshot(RealtimeSalesHandler realtime, TopProductsHandler top, FunnelHandler funnel, PipelineStatusHandler status, Clock clock) {
        this.realtime = realtime;
        this.top = top;
        this.funnel = funnel;
        this.status = status;
        this.clock = clock;
    }

    public Future<JsonObject> take() {
        Instant asOf = clock.instant();
        List<Future<RealtimeSales>> windows = WINDOWS.stream().map(w -> realtime.compute(w, RealtimeSalesHandler.GroupBy.NONE)).toList();
        Future<RealtimeSales> categories = realtime.compute(Window.ONE_HOUR, RealtimeSalesHandler.GroupBy.CATEGORY);
        Future<RealtimeSales> regions = realtime.compute(Window.ONE_HOUR, RealtimeSalesHandler.GroupBy.REGION);
        Future<List<MinuteSales>> minutes = realtime.perMinute(asOf, MINUTES);
        Future<TopProducts> products = top.compute(Window.ONE_HOUR, TOP_PRODUCTS);
        Instant funnelFrom = Granularity.HOUR.floor(asOf.minus(Duration.ofHours(1)));
        Future<Funnel> sessions = funnel.compute(funnelFrom, Granularity.HOUR.ceil(asOf), null, null);
        Future<PipelineStatus> pipeline = status.compute();
        List<Future<?>> all = new ArrayList<>(windows);
        all.addAll(List.of(categories, regions, minutes, products, sessions, pipeline));
        return Future.all(all).map(done -> {
            JsonObject byWindow = new JsonObject();
            for (int i = 0; i < WINDOWS.size(); i++) {
                RealtimeSales sales = windows.get(i).result();
                byWindow.put(WINDOWS.get(i).label(), sales.totals().toJson().put("distinctCustomers", sales.distinctCustomers()));
            }
            JsonArray perMinute = new JsonArray();
            minutes.result().forEach(minute -> perMinute.add(minute.toJson()));
            PipelineStatus state = pipeline.result();
            return new JsonObject()
                    .put("type", "snapshot")
                    .put("asOf", asOf.toString())
                    .put("windows", byWindow)
                    .put("minutes", perMinute)
                    .put("categories", categories.result().groupsJson())
                    .put("regions", regions.result().groupsJson())
                    .put("topProducts", products.result().productsJson())
                    .put("funnel", sessions.result().toJson())
                    .put("pipeline", new JsonObject()
                            .put("consumerLag", state.consumerLag())
                            .put("realtimeLag", state.realtimeLag())
                            .put("eventsStored", state.eventsStored())
                            .put("lastEventAt", Times.iso(state.lastEventAt()))
                            .put("lastBatchAt", Times.iso(state.lastBatchAt()))
                            .put("freshnessMs", state.freshnessMs(asOf)));
        });
    }
}
