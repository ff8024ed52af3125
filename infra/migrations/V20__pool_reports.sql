-- Each service instance's PostgreSQL pools, reported every 15 s (common.PoolReport): the database
-- checklist sets the server's connections against them.
CREATE TABLE db_pool_reports (
    service      text        NOT NULL,
    instance     text        NOT NULL,
    pool_name    text        NOT NULL,
    max_size     integer     NOT NULL,
    in_use       integer     NOT NULL,
    waiting      integer     NOT NULL,
    mean_wait_ms double precision,
    reported_at  timestamptz NOT NULL,
    PRIMARY KEY (service, instance, pool_name)
);
