-- A BRIN index skips only the page ranges it holds a summary of, and a range gets one when vacuum
-- passes; autovacuum's trigger counts inserts since its last run, a count a crash resets. On a store
-- whose day partition had a quarter of its ranges unsummarized (2,411 of 9,515), a Redis rebuild's
-- chunk of 50,000 offsets read 308,496 pages of it (2.0 s); summarized, 34,960 (0.4 s).
--
-- The aggregator calls summarize_brin_indexes() every minute: it summarizes the ranges every BRIN
-- index has filled since, a minute's worth of pages, and returns how many.
CREATE FUNCTION summarize_brin_indexes() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    brin   regclass;
    ranges bigint := 0;
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('shopstream.summarize_brin_indexes')) THEN
        RETURN 0;
    END IF;
    -- A table being vacuumed holds the lock summarizing needs (and summarizes it itself): skip it.
    PERFORM set_config('lock_timeout', '1s', true);
    FOR brin IN
        SELECT c.oid::regclass FROM pg_class c JOIN pg_am am ON am.oid = c.relam
        WHERE am.amname = 'brin' AND c.relkind = 'i'
    LOOP
        BEGIN
            ranges := ranges + brin_summarize_new_values(brin);
        EXCEPTION WHEN lock_not_available THEN
            NULL;
        END;
    END LOOP;
    RETURN ranges;
END;
$$;
