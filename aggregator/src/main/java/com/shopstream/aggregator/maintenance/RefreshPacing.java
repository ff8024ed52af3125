package com.shopstream.aggregator.maintenance;

import java.time.Duration;

/**
 * How long a materialized view waits between refreshes: ten times what the last refresh of all
 * the views took together, so that the views take at most a tenth of one database connection, but
 * never less than {@code minInterval} nor more than {@code maxInterval}. The upper bound keeps a
 * refresh stretched by an outage (the database stopped or a lock held while it ran) from holding
 * the views back for ten times the outage: their staleness stays bounded whatever happened.
 */
public record RefreshPacing(Duration minInterval, Duration maxInterval) {

    private static final int COST_FACTOR = 10;

    public RefreshPacing {
        if (minInterval.isNegative() || maxInterval.compareTo(minInterval) < 0) {
            throw new IllegalArgumentException("SHOP_VIEW_REFRESH_MAX_INTERVAL (" + maxInterval
                    + ") must be at least SHOP_VIEW_REFRESH_INTERVAL (" + minInterval + "), and neither negative");
        }
    }

    /** The wait after a refresh, given what the last refreshes of all the views took together. */
    public Duration waitAfter(Duration lastRefreshesTook) {
        Duration proportional = lastRefreshesTook.multipliedBy(COST_FACTOR);
        if (proportional.compareTo(minInterval) < 0) {
            return minInterval;
        }
        return proportional.compareTo(maxInterval) > 0 ? maxInterval : proportional;
    }
}
