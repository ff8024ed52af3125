-- What infra/up's ensure_database does for the local cluster, for the -Pcontainers PostgreSQL,
-- whose application role is its superuser.
CREATE EXTENSION IF NOT EXISTS vector;
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
