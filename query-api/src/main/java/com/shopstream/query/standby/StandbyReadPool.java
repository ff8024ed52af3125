package com.shopstream.query.standby;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;

/**
 * The pool of the reads that may lag (analytics, catalog pages, views): each statement goes to the
 * hot standby while the monitor finds it within its bound, and to the primary otherwise. A statement
 * is routed when it is created, so a transaction or connection stays on one server.
 */
public final class StandbyReadPool implements Pool {

    private final Pool primary;
    private final Pool standby;
    private final StandbyMonitor monitor;

    public StandbyReadPool(Pool primary, Pool standby, StandbyMonitor monitor) {
        this.primary = primary;
        this.standby = standby;
        this.monitor = monitor;
    }

    private Pool target() {
        return monitor.servingReads() ? standby : primary;
    }

    @Override
    public Future<SqlConnection> getConnection() {
        return target().getConnection();
    }

    @Override
    public Query<RowSet<Row>> query(String sql) {
        return target().query(sql);
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
        return target().preparedQuery(sql);
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
        return target().preparedQuery(sql, options);
    }

    @Override
    public int size() {
        return primary.size() + standby.size();
    }

    /** Closes the standby's pool; the primary's belongs to its owner. */
    @Override
    public Future<Void> close() {
        return standby.close();
    }
}
