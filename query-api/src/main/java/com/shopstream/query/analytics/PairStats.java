package com.shopstream.query.analytics;

import com.shopstream.query.api.Ratios;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;

/**
 * Association measures of a product pair A → B over the orders that were not cancelled: support
 * (share of all orders holding both), confidence (share of orders with A that also hold B) and
 * lift (confidence over B's own share: above 1, A makes B likelier).
 */
record PairStats(long together, long withProduct, long withOther, long total) {

    BigDecimal support() {
        return Ratios.of(together, total);
    }

    BigDecimal confidence() {
        return Ratios.of(together, withProduct);
    }

    BigDecimal lift() {
        return Ratios.of(BigDecimal.valueOf(together).multiply(BigDecimal.valueOf(total)),
                BigDecimal.valueOf(withProduct).multiply(BigDecimal.valueOf(withOther)));
    }

    JsonObject addTo(JsonObject json) {
        return json.put("orders", together).put("support", support()).put("confidence", confidence()).put("lift", lift());
    }
}
