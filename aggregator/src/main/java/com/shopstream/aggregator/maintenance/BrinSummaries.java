package com.shopstream.aggregator.maintenance;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/**
 * Keeps the BRIN indexes of the raw events and the ledgers summarized as their tables grow. A BRIN
 * index skips only the page ranges it holds a summary of, and otherwise a range gets one only when
 * vacuum passes: a Redis rebuild's chunk read eight times the pages it needed on a store where a
 * quarter of the day's ranges had none (migration V23). One aggregator at a time does it.
 */
public final class BrinSummaries {

    private final Pool pool;

    public BrinSummaries(Pool pool) {
        this.pool = pool;
    }

    /** Summarizes the page ranges filled since the last call; returns how many. */
    public Future<Long> summarizeNewRanges() {
        return pool.query(MaintenanceSql.SUMMARIZE_BRIN_INDEXES).execute().map(rows -> rows.iterator().next().getLong(0));
    }
}
