package com.shopstream.query.analytics;

import com.shopstream.query.api.Cursor;
import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.Params;
import com.shopstream.query.api.ReadEndpoint;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /v1/inventory/alerts[?leadTimeDays=7][&safetyDays=3][&horizonDays=7][&coverDays=30][&limit][&cursor]}:
 * products whose stock, projected {@code horizonDays} ahead at their 7-day sales velocity, falls
 * below their reorder point (velocity × (lead time + safety days)), fewest days of cover first,
 * each with a suggested reorder quantity that brings the projection back to the reorder point
 * plus {@code coverDays} of sales. Stock is live; velocity is as of the {@code product_velocity}
 * view's last refresh.
 */
public final class InventoryAlertsHandler implements ReadEndpoint {

    private final Pool pool;

    public InventoryAlertsHandler(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<InventoryAlertPage> answer(Parameters params) {
        int leadTimeDays = Params.integer(params, "leadTimeDays", 7, 0, 365);
        int safetyDays = Params.integer(params, "safetyDays", 3, 0, 365);
        int horizonDays = Params.integer(params, "horizonDays", 7, 0, 365);
        int coverDays = Params.integer(params, "coverDays", 30, 0, 365);
        int limit = Params.integer(params, "limit", 50, 1, 500);
        Cursor cursor = Cursor.from(params, "i", 2);
        Tuple arguments = Tuple.of(leadTimeDays, safetyDays, horizonDays, coverDays,
                cursor == null ? null : cursor.decimalAt(0), cursor == null ? null : cursor.longAt(1), limit + 1);
        return pool.preparedQuery(AnalyticsSql.INVENTORY_ALERTS).execute(arguments).map(rows -> {
            List<InventoryAlertPage.Alert> alerts = new ArrayList<>(limit);
            String next = null;
            OffsetDateTime asOf = null;
            for (Row row : rows) {
                if (alerts.size() == limit) {
                    InventoryAlertPage.Alert last = alerts.get(limit - 1);
                    next = Cursor.encode("i", last.daysOfCover(), last.productId());
                    break;
                }
                asOf = row.getOffsetDateTime(10);
                alerts.add(new InventoryAlertPage.Alert(row.getLong(0), row.getString(1), row.getString(2), row.getLong(3),
                        row.getLong(4), row.getBigDecimal(5), row.getBigDecimal(6), row.getLong(7), row.getBigDecimal(8),
                        row.getLong(9)));
            }
            return new InventoryAlertPage(asOf, leadTimeDays, safetyDays, horizonDays, coverDays, alerts, next);
        });
    }
}
