package com.shopstream.aggregator.maintenance;

/** The statements of the event-id ledger's merge (see {@link LedgerMerge}). */
final class LedgerSql {

    private LedgerSql() {
    }

    /**
     * The two ledgers' sizes, cheaply: the recent one's live rows as the statistics count them (lost
     * in a crash, then counted again from the next insert on), the large one's as vacuum last saw it.
     */
    static final String SIZES = """
            SELECT coalesce((SELECT n_live_tup FROM pg_stat_user_tables WHERE relid = 'event_ids_recent'::regclass), 0),
                   greatest((SELECT reltuples FROM pg_class WHERE oid = 'event_ids'::regclass), 0)::bigint""";

    /**
     * What this round moves: the recent ledger as it is now, numbered in the large ledger's index
     * order, kept in this session only and not logged. Its row count is the number to move.
     */
    static final String TAKE_RECENT = """
            CREATE TEMPORARY TABLE moving AS
            SELECT row_number() OVER (ORDER BY event_id) AS n, event_id, occurred_at FROM event_ids_recent""";

    static final String KEY_MOVING = "ALTER TABLE moving ADD PRIMARY KEY (n)";

    /** A round cut short on this connection may have left its table behind; the connection is the merge's own. */
    static final String DROP_MOVING = "DISCARD TEMP";

    /**
     * Copies the moving rows numbered ({@code $1}, {@code $2}] into the large ledger, in its index
     * order so that they land on each leaf page together, in a transaction of their own; answers
     * how many were new, and the transaction's id.
     */
    static final String COPY_CHUNK = """
            WITH copied AS (
                INSERT INTO event_ids (event_id, occurred_at)
                SELECT event_id, occurred_at FROM moving WHERE n > $1 AND n <= $2 ORDER BY n
                ON CONFLICT DO NOTHING
                RETURNING 1)
            SELECT count(*), pg_current_xact_id()::xid::text FROM copied""";

    /** Deletes from the recent ledger the moving rows numbered ({@code $1}, {@code $2}]; answers how many, in {@link #COPY_CHUNK}'s shape. */
    static final String DELETE_CHUNK = """
            WITH deleted AS (
                DELETE FROM event_ids_recent r USING moving m
                WHERE m.n > $1 AND m.n <= $2 AND r.event_id = m.event_id
                RETURNING 1)
            SELECT count(*), NULL::text FROM deleted""";

    /**
     * The client sessions of this role, the one batches run as, whose snapshot may have been taken
     * before transaction {@code $1} committed: the oldest transaction running when they took it was
     * {@code $1} or older. It errs only towards waiting longer.
     */
    static final String OLDER_SNAPSHOTS = """
            SELECT count(*) FROM pg_stat_activity
            WHERE pid <> pg_backend_pid() AND backend_type = 'client backend' AND usename = current_user
              AND backend_xmin IS NOT NULL AND age(backend_xmin) >= age($1::text::xid)""";
}
