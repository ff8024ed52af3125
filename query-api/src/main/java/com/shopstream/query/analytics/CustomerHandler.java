package com.shopstream.query.analytics;

import com.shopstream.query.api.ApiException;
import com.shopstream.query.api.Parameters;
import com.shopstream.query.api.Params;
import com.shopstream.query.api.ReadEndpoint;
import com.shopstream.common.Money;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /v1/customers/{id}[?orders=10]}: one customer's orders and spend (live, net of
 * cancellations), their most recent orders, lifetime value, and RFM scores and segment as of the
 * {@code customer_rfm} view's last refresh. 404 for a customer who never ordered.
 */
public final class CustomerHandler implements ReadEndpoint {

    private final Pool pool;

    public CustomerHandler(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<CustomerProfile> answer(Parameters params) {
        long customerId = Params.pathId(params, "customerId");
        int recent = Params.integer(params, "orders", 10, 0, 100);
        Tuple id = Tuple.of(customerId);
        Future<RowSet<Row>> history = pool.preparedQuery(AnalyticsSql.CUSTOMER_HISTORY).execute(id);
        Future<RowSet<Row>> orders = pool.preparedQuery(AnalyticsSql.CUSTOMER_RECENT_ORDERS).execute(Tuple.of(customerId, recent));
        Future<RowSet<Row>> rfm = pool.preparedQuery(AnalyticsSql.CUSTOMER_RFM).execute(id);
        Future<RowSet<Row>> base = pool.preparedQuery(AnalyticsSql.CUSTOMER_BASE).execute();
        return Future.all(history, orders, rfm, base).map(all -> {
            Row totals = history.result().iterator().next();
            long placed = totals.getLong(0);
            long cancelled = totals.getLong(2);
            if (placed + cancelled == 0) {
                throw ApiException.notFound("customer " + customerId + " has no orders");
            }
            Instant now = Instant.now();
            Row population = base.result().size() == 0 ? null : base.result().iterator().next();
            LifetimeValue value = LifetimeValue.estimate(placed, totals.getBigDecimal(1),
                    placed == 0 ? now : totals.getOffsetDateTime(3).toInstant(), now,
                    population == null ? 0 : population.getLong(0), population == null ? 0 : population.getLong(1));
            return new CustomerProfile(customerId, placed, cancelled, totals.getOffsetDateTime(3), totals.getOffsetDateTime(4),
                    rfm(rfm.result()), value, recentOrders(orders.result()));
        });
    }

    /** The scores and segment, or null when the customer is not in the view yet (or has only cancelled orders). */
    private static CustomerProfile.Rfm rfm(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        Row row = rows.iterator().next();
        return new CustomerProfile.Rfm(row.getInteger(0), row.getInteger(1), row.getInteger(2), row.getString(3), row.getOffsetDateTime(4));
    }

    private static List<CustomerProfile.RecentOrder> recentOrders(RowSet<Row> rows) {
        List<CustomerProfile.RecentOrder> orders = new ArrayList<>(rows.size());
        for (Row row : rows) {
            orders.add(new CustomerProfile.RecentOrder(row.getLong(0), row.getOffsetDateTime(1), row.getString(2),
                    Money.normalized(row.getBigDecimal(3)), row.getInteger(4), row.getOffsetDateTime(5)));
        }
        return orders;
    }
}
