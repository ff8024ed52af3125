-- Lets a session run its own backend behind the others when the cores are short: the view
-- maintenance's folds and refreshes then take what the batches leave instead of an equal share,
-- and the batches' commits wait less beside them (decision 0012). A nice value only goes up: a
-- role may lower its own backends' priority, never raise it back. Needs the prioritize extension,
-- which infra/up creates as a superuser; without it (a managed database, say) the function
-- changes nothing and returns null.
CREATE FUNCTION lower_backend_priority(nice integer) RETURNS integer
LANGUAGE plpgsql
-- prioritize reports each change as a notice, which clients would log on every connection.
SET client_min_messages = warning
AS $$
DECLARE
    current integer;
BEGIN
    IF to_regprocedure('get_backend_priority(integer)') IS NULL THEN
        RETURN NULL;
    END IF;
    EXECUTE 'SELECT get_backend_priority(pg_backend_pid())' INTO current;
    IF current < nice THEN
        EXECUTE 'SELECT set_backend_priority(pg_backend_pid(), $1)' USING nice;
        EXECUTE 'SELECT get_backend_priority(pg_backend_pid())' INTO current;
    END IF;
    RETURN current;
END;
$$;
