-- A session's funnel state becomes one row: its categories' states (category '' the session as a
-- whole, as in V8) in arrays, one element of each per category. A session touching three
-- categories wrote four rows and four entries in a random-key index; it now writes one of each,
-- rewritten whole when any category moves (a HOT update, the key unchanged). The aggregator alone
-- reads this table, so the order of the categories within the arrays carries no meaning.
-- started_at is the session's first step event: sessions that started before the retention are
-- forgotten with the day partitions of their events.

SET LOCAL maintenance_work_mem = '1GB';

CREATE TABLE funnel_sessions_per_session (
    session_id          text          NOT NULL,
    started_at          timestamptz   NOT NULL,
    categories          text[]        NOT NULL,
    regions             text[]        NOT NULL,
    category_started_at timestamptz[] NOT NULL,
    steps               smallint[]    NOT NULL
) WITH (fillfactor = 80);

INSERT INTO funnel_sessions_per_session (session_id, started_at, categories, regions, category_started_at, steps)
SELECT session_id, min(started_at), array_agg(category), array_agg(region), array_agg(started_at), array_agg(steps)
FROM funnel_sessions
GROUP BY session_id;

DROP TABLE funnel_sessions;
ALTER TABLE funnel_sessions_per_session RENAME TO funnel_sessions;
ALTER TABLE funnel_sessions ADD CONSTRAINT funnel_sessions_pkey PRIMARY KEY (session_id);
ANALYZE funnel_sessions;

-- Dropping a day's partition of `events` forgets its event ids, and the sessions started before it.
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
    -- Once a day, with the partitions: it reads the whole table.
    IF dropped > 0 THEN
        DELETE FROM funnel_sessions WHERE started_at < cutoff::timestamp AT TIME ZONE 'UTC';
    END IF;
    RETURN dropped;
END;
$$;
