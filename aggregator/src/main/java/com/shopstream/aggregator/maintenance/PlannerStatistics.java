package com.shopstream.aggregator.maintenance;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.List;

/**
 * Keeps the planner's statistics of the partitioned tables ({@code events}, {@code orders},
 * {@code order_items}) current. Autovacuum analyzes their day partitions but never the tables
 * themselves, and joins against them are planned from the tables' statistics: without them a batch's
 * cancellations were merge-joined against a whole day of order lines. The database decides what has
 * grown enough to analyze again (migration V15); one aggregator at a time does it.
 */
public final class PlannerStatistics {

    private final Pool pool;

    public PlannerStatistics(Pool pool) {
        this.pool = pool;
    }

    /** Analyzes the partitioned tables that grew by half or were last analyzed a day ago; returns their names. */
    public Future<List<String>> refresh() {
        return pool.query(MaintenanceSql.ANALYZE_PARTITIONED_TABLES).execute()
                .map(rows -> List.of(rows.iterator().next().getArrayOfStrings(0)));
    }
}
