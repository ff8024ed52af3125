-- The event-id ledger in two tiers (decision 0014). Every batch inserts its new ids into the small
-- ledger of recent ids, whose index pages stay few and hot, and only reads the large one: a random
-- insert into a large unique index writes a full-page image of a leaf nearly every time once the index
-- outgrows what one checkpoint interval touches, a read writes nothing. The aggregator moves the recent
-- ids into the large ledger in big sorted batches (maintenance.LedgerMerge).
CREATE TABLE event_ids_recent (
    event_id    uuid PRIMARY KEY,
    occurred_at timestamptz NOT NULL
) WITH (
    -- Each merge deletes what it moved at once; vacuum right after, so the next ids reuse the space.
    autovacuum_vacuum_scale_factor = 0.05,
    autovacuum_vacuum_insert_scale_factor = 0.05
);

-- Drops the day partitions that end on or before the cutoff day, and forgets their event and order ids.
CREATE OR REPLACE FUNCTION drop_day_partitions_before(cutoff date) RETURNS integer
LANGUAGE plpgsql
-- Set on the function, so the timeout holds while it runs and not for the rest of the caller's transaction.
SET lock_timeout = '1s'
AS $$
DECLARE
    part    record;
    dropped integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('shopstream.ensure_day_partitions'));
    FOR part IN
        SELECT c.relname
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        JOIN pg_class p ON p.oid = i.inhparent
        WHERE p.relname IN ('events', 'orders', 'order_items')
          AND c.relname ~ '_[0-9]{8}$'
          AND to_date(right(c.relname, 8), 'YYYYMMDD') < cutoff
    LOOP
        EXECUTE format('DROP TABLE %I', part.relname);
        dropped := dropped + 1;
    END LOOP;
    DELETE FROM event_ids WHERE occurred_at < cutoff::timestamp AT TIME ZONE 'UTC';
    DELETE FROM event_ids_recent WHERE occurred_at < cutoff::timestamp AT TIME ZONE 'UTC';
    DELETE FROM order_ids WHERE occurred_at < cutoff::timestamp AT TIME ZONE 'UTC';
    RETURN dropped;
END;
$$;
