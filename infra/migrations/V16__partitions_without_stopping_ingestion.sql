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

CREATE OR REPLACE FUNCTION drop_day_partitions_before(cutoff date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    part    record;
    dropped integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('shopstream.ensure_day_partitions'));
    PERFORM set_config('lock_timeout', '1s', true);
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
    DELETE FROM order_ids WHERE occurred_at < cutoff::timestamp AT TIME ZONE 'UTC';
    RETURN dropped;
END;
$$;
