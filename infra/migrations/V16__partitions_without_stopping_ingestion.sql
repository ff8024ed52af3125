-- CREATE TABLE ... PARTITION OF takes an ACCESS EXCLUSIVE lock on the partitioned table: it waits for
-- every query reading the table, and every batch's insert queues behind it. One report running for
-- minutes on the raw events stopped ingestion for as long (seen: a 24-minute query, every batch waiting).
--
-- A day's partition is now made as a plain table and attached, which takes SHARE UPDATE EXCLUSIVE on
-- the partitioned table: neither reads nor inserts conflict with it. Dropping an expired partition
-- still needs ACCESS EXCLUSIVE; it gives up after a second (lock_not_available), the maintenance round
-- fails and the next one tries again, so a long read delays retention instead of ingestion.
CREATE OR REPLACE FUNCTION ensure_day_partitions(days date[]) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    day     date;
    parent  text;
    child   text;
    created integer := 0;
BEGIN
    -- Several aggregators may ask at once; one at a time avoids "relation already exists" races.
    PERFORM pg_advisory_xact_lock(hashtext('shopstream.ensure_day_partitions'));
    FOREACH day IN ARRAY days LOOP
        FOREACH parent IN ARRAY ARRAY['events', 'orders', 'order_items'] LOOP
            child := parent || '_' || to_char(day, 'YYYYMMDD');
            IF to_regclass(child) IS NULL THEN
                EXECUTE format('CREATE TABLE %I (LIKE %I)', child, parent);
                EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                               parent, child,
                               to_char(day, 'YYYY-MM-DD') || ' 00:00:00+00',
                               to_char(day + 1, 'YYYY-MM-DD') || ' 00:00:00+00');
                created := created + 1;
            END IF;
        END LOOP;
    END LOOP;
    RETURN created;
END;
$$;

-- Set on the function, so the timeout holds while it runs and not for the rest of the caller's transaction.
ALTER FUNCTION drop_day_partitions_before(date) SET lock_timeout = '1s';
