-- The event-id ledger becomes a unique index of `events` on (occurred_at, event_id) (decision 0015).
-- An event is its eventId at its occurredAt: a resend carries both, and the index finds it. Batches
-- insert the events the index does not hold yet, and the rows inserted are the new events. Time
-- first, so that every insert lands in the last minutes of the index, a few hot pages, where a
-- ledger of random ids wrote a page image for nearly every id once it outgrew a checkpoint's worth.
-- The index is the parent's, so every day's partition has it from its attachment on.

SET LOCAL maintenance_work_mem = '1GB';

CREATE UNIQUE INDEX events_occurred_at_event_id_key ON events (occurred_at, event_id);

-- Dropping a day's partition of `events` forgets its event ids with it.
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
    DELETE FROM order_ids WHERE occurred_at < cutoff::timestamp AT TIME ZONE 'UTC';
    RETURN dropped;
END;
$$;

DROP TABLE event_ids_recent;
DROP TABLE event_ids;
