package com.shopstream.query.sales;

import com.shopstream.query.api.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The metric forecast for the {@code horizon} hours from {@code origin}, and how the method did on
 * the stored data; {@link #toJson()} is the answer of {@code GET /v1/sales/forecast}.
 */
record SalesForecast(String metric, int horizon, Instant origin, String method, List<Point> points, Backtest backtest)
        implements Answer {

    record Point(Instant bucket, BigDecimal value) {
    }

    /** Errors over the backtest's origins and points; {@code mapePercent} is null where no actual value was above zero. */
    record Backtest(int origins, int points, BigDecimal mae, BigDecimal mapePercent, BigDecimal seasonalNaiveMae,
                    BigDecimal movingAverageMae) {
    }

    @Override
    public JsonObject toJson() {
        JsonArray json = new JsonArray();
        points.forEach(p -> json.add(new JsonObject().put("bucket", p.bucket().toString()).put(metric, p.value())));
        return new JsonObject()
                .put("granularity", "hour")
                .put("metric", metric)
                .put("horizon", horizon)
                .put("origin", origin.toString())
                .put("method", method)
                .put("points", json)
                .put("backtest", new JsonObject()
                        .put("origins", backtest.origins())
                        .put("points", backtest.points())
                        .put("mae", backtest.mae())
                        .put("mapePercent", backtest.mapePercent())
                        .put("seasonalNaiveMae", backtest.seasonalNaiveMae())
                        .put("movingAverageMae", backtest.movingAverageMae()));
    }
}
