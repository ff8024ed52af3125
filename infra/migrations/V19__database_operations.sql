-- Database operations (issue 20): what the query analyzer collects.

-- pg_stat_statements, copied every minute: a statement's frequency over time is the difference of
-- its counters between snapshots (pg_stat_statements itself only holds totals since its last reset).
CREATE TABLE db_statement_snapshots (
    taken_at        timestamptz      NOT NULL,
    queryid         bigint           NOT NULL,
    role_name       text             NOT NULL,
    calls           bigint           NOT NULL,
    total_exec_ms   double precision NOT NULL,
    rows            bigint           NOT NULL,
    shared_blks_hit bigint           NOT NULL,
    shared_blks_read bigint          NOT NULL,
    PRIMARY KEY (queryid, role_name, taken_at)
);
CREATE INDEX db_statement_snapshots_taken_at ON db_statement_snapshots (taken_at);

-- Statements slower than the threshold, with the plan auto_explain logged (JSON), the parameters
-- the server logged for the same execution, and the plan's costliest nodes.
CREATE TABLE db_slow_queries (
    id               bigserial PRIMARY KEY,
    logged_at        timestamptz   NOT NULL,
    duration_ms      numeric(12,3) NOT NULL,
    application_name text,
    role_name        text,
    database_name    text,
    query_id         bigint,
    query            text          NOT NULL,
    parameters       text[],
    plan             jsonb         NOT NULL,
    costliest_nodes  jsonb         NOT NULL,
    -- Where in the server's log it was read, so that reading the log twice stores it once.
    log_file         text          NOT NULL,
    log_line         bigint        NOT NULL,
    UNIQUE (log_file, log_line)
);
CREATE INDEX db_slow_queries_logged_at ON db_slow_queries (logged_at, id);

-- How far each of the server's JSON log files has been read.
CREATE TABLE db_log_progress (
    log_file text   PRIMARY KEY,
    offset_bytes bigint NOT NULL
);

-- Which services ran a statement, from samples of pg_stat_activity (pg_stat_statements has no
-- application_name; every service sets its own). A statement never caught running has none.
CREATE TABLE db_statement_services (
    queryid          bigint      NOT NULL,
    application_name text        NOT NULL,
    last_seen        timestamptz NOT NULL,
    PRIMARY KEY (queryid, application_name)
);

-- The server's WAL position and checkpoint counters, every minute: their rates are the differences.
CREATE TABLE db_server_snapshots (
    taken_at           timestamptz PRIMARY KEY,
    wal_lsn            pg_lsn      NOT NULL,
    checkpoints_timed  bigint      NOT NULL,
    checkpoints_req    bigint      NOT NULL
);
