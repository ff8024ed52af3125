package com.shopstream.query.dbops;

/** The statements of the query analyzer and the database checklist. */
final class DbOpsSql {

    private DbOpsSql() {
    }

    /** One instance runs each of the collector's jobs at a time; the lock ends with the job's transaction. */
    static final String TRY_LEAD = "SELECT pg_try_advisory_xact_lock(hashtext('shopstream.db-watch.' || $1))";

    static final String SAMPLE_SERVICES = """
            INSERT INTO db_statement_services (queryid, application_name, last_seen)
            SELECT DISTINCT query_id, application_name, now()
              FROM pg_stat_activity
             WHERE datname = current_database() AND query_id IS NOT NULL AND query_id <> 0
               AND application_name <> '' AND pid <> pg_backend_pid()
            ON CONFLICT (queryid, application_name) DO UPDATE SET last_seen = excluded.last_seen""";

    /** The heaviest statements' counters; the rest are too light to chart. */
    static final String SNAPSHOT_STATEMENTS = """
            INSERT INTO db_statement_snapshots
                   (taken_at, queryid, role_name, calls, total_exec_ms, rows, shared_blks_hit, shared_blks_read)
            SELECT date_trunc('second', now()), s.queryid, r.rolname, sum(s.calls), sum(s.total_exec_time), sum(s.rows),
                   sum(s.shared_blks_hit), sum(s.shared_blks_read)
              FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
             WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND s.queryid IS NOT NULL
             GROUP BY s.queryid, r.rolname
             ORDER BY sum(s.total_exec_time) DESC
             LIMIT $1
            ON CONFLICT DO NOTHING""";

    static final String SNAPSHOT_SERVER = """
            INSERT INTO db_server_snapshots (taken_at, wal_lsn, checkpoints_timed, checkpoints_req)
            SELECT date_trunc('second', now()), pg_current_wal_lsn(), checkpoints_timed, checkpoints_req FROM pg_stat_bgwriter
            ON CONFLICT DO NOTHING""";

    static final String FORGET_OLD = """
            WITH s AS (DELETE FROM db_statement_snapshots WHERE taken_at < now() - make_interval(days => $1)),
                 v AS (DELETE FROM db_server_snapshots WHERE taken_at < now() - make_interval(days => $1)),
                 q AS (DELETE FROM db_slow_queries WHERE logged_at < now() - make_interval(days => $2))
            DELETE FROM db_statement_services WHERE last_seen < now() - make_interval(days => $2)""";

    static final String LOG_FILES = """
            SELECT f.name, f.size, coalesce(p.offset_bytes, 0), current_setting('log_directory'), current_database()
              FROM pg_ls_logdir() f LEFT JOIN db_log_progress p ON p.log_file = f.name
             WHERE f.name LIKE '%.json' AND f.size > coalesce(p.offset_bytes, 0)
             ORDER BY f.modification, f.name""";

    static final String READ_LOG = "SELECT pg_read_binary_file($1, $2, $3)";

    static final String SAVE_PROGRESS = """
            INSERT INTO db_log_progress (log_file, offset_bytes) VALUES ($1, $2)
            ON CONFLICT (log_file) DO UPDATE SET offset_bytes = excluded.offset_bytes""";

    static final String SAVE_SLOW_QUERIES = """
            INSERT INTO db_slow_queries (logged_at, duration_ms, application_name, role_name, database_name, query_id, query,
                                         parameters, plan, costliest_nodes, log_file, log_line)
            SELECT t.logged_at, t.duration_ms, t.application_name, t.role_name, current_database(), t.query_id, t.query,
                   CASE WHEN t.parameters IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(t.parameters)) END,
                   t.plan, t.costliest_nodes, $1, t.log_line
              FROM jsonb_to_recordset($2::jsonb) AS t(logged_at timestamptz, duration_ms numeric, application_name text,
                   role_name text, query_id bigint, query text, parameters jsonb, plan jsonb, costliest_nodes jsonb, log_line bigint)
            ON CONFLICT (log_file, log_line) DO NOTHING""";

    /** Statements by total time, with their services; $1 minimum mean ms, $2/$3 the cursor (total ms, queryid), $4 limit. */
    static final String STATEMENTS = """
            WITH s AS (
                SELECT s.queryid, r.rolname AS role_name, min(s.query) AS query, sum(s.calls)::bigint AS calls,
                       sum(s.total_exec_time) AS total_ms, sum(s.rows)::bigint AS rows,
                       sum(s.shared_blks_hit) AS hit, sum(s.shared_blks_read) AS read
                  FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
                 WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND s.queryid IS NOT NULL
                 GROUP BY s.queryid, r.rolname)
            SELECT s.queryid, s.role_name, s.query, s.calls, s.total_ms, s.total_ms / nullif(s.calls, 0) AS mean_ms, s.rows,
                   s.hit::float8 / nullif(s.hit + s.read, 0) AS hit_ratio,
                   ARRAY(SELECT v.application_name FROM db_statement_services v WHERE v.queryid = s.queryid
                          ORDER BY v.application_name) AS services
              FROM s
             WHERE s.total_ms / nullif(s.calls, 0) >= $1
               AND ($2::float8 IS NULL OR (s.total_ms, s.queryid) < ($2, $3))
             ORDER BY s.total_ms DESC, s.queryid DESC
             LIMIT $4""";

    /** Calls and mean time per interval between snapshots, over the last hour, of the given statements. */
    static final String FREQUENCY = """
            SELECT queryid, taken_at, calls - lag(calls) OVER w AS calls,
                   (total_exec_ms - lag(total_exec_ms) OVER w) / nullif(calls - lag(calls) OVER w, 0) AS mean_ms
              FROM (SELECT queryid, taken_at, sum(calls)::bigint AS calls, sum(total_exec_ms) AS total_exec_ms
                      FROM db_statement_snapshots
                     WHERE queryid = ANY($1) AND taken_at >= now() - interval '61 minutes'
                     GROUP BY queryid, taken_at) t
            WINDOW w AS (PARTITION BY queryid ORDER BY taken_at)
             ORDER BY queryid, taken_at""";

    /** $1/$2 the range, $3/$4 the cursor (logged_at, id), $5 limit. */
    static final String SLOW_QUERIES = """
            SELECT id, logged_at, duration_ms, application_name, role_name, query_id, query, costliest_nodes
              FROM db_slow_queries
             WHERE logged_at >= $1 AND logged_at < $2
               AND ($3::timestamptz IS NULL OR (logged_at, id) < ($3, $4))
             ORDER BY logged_at DESC, id DESC
             LIMIT $5""";

    static final String SLOW_QUERY = """
            SELECT id, logged_at, duration_ms, application_name, role_name, query_id, query, costliest_nodes, parameters, plan
              FROM db_slow_queries WHERE id = $1""";

    /** The slowest statements of the last day, one sample each (the slowest), to find indexes for. */
    static final String HEAVIEST_SAMPLES = """
            SELECT DISTINCT ON (query) id, query, parameters, duration_ms
              FROM db_slow_queries
             WHERE logged_at >= now() - interval '1 day' AND query ~* '^\\s*(select|with)'
             ORDER BY query, duration_ms DESC""";

    /** The heaviest statements without parameters, which can be planned as they are. */
    static final String HEAVIEST_PLAIN = """
            SELECT s.query, sum(s.total_exec_time) AS total_ms
              FROM pg_stat_statements s
             WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
               AND s.query ~* '^\\s*(select|with)' AND s.query !~ '\\$[0-9]'
             GROUP BY s.query ORDER BY total_ms DESC LIMIT $1""";

    static final String COLUMNS = """
            SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped""";

    /** Creates a hypothetical index, in this session only; answers its estimated size. */
    static final String HYPOTHETICAL_INDEX = "SELECT hypopg_relation_size(indexrelid) FROM hypopg_create_index($1)";

    static final String FORGET_HYPOTHETICAL = "SELECT hypopg_reset()";

    /** Indexes never scanned since the statistics were reset, a partitioned index counting its partitions' scans. */
    static final String UNUSED_INDEXES = """
            WITH idx AS (
                SELECT coalesce(p.inhparent, s.indexrelid) AS index_oid, s.idx_scan, pg_relation_size(s.indexrelid) AS bytes
                  FROM pg_stat_user_indexes s LEFT JOIN pg_inherits p ON p.inhrelid = s.indexrelid)
            SELECT tc.relname, ic.relname, sum(idx.bytes)::bigint AS bytes, pg_get_indexdef(idx.index_oid),
                   (SELECT stats_reset FROM pg_stat_database WHERE datname = current_database())
              FROM idx JOIN pg_index i ON i.indexrelid = idx.index_oid
              JOIN pg_class ic ON ic.oid = idx.index_oid JOIN pg_class tc ON tc.oid = i.indrelid
             WHERE NOT i.indisunique AND NOT i.indisprimary
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = idx.index_oid)
             GROUP BY tc.relname, ic.relname, idx.index_oid
            HAVING sum(idx.idx_scan) = 0
             ORDER BY bytes DESC, ic.relname
             LIMIT 100""";

    /** Indexes whose columns lead another index of the same kind on the same table: the other serves their scans too. */
    static final String DUPLICATE_INDEXES = """
            SELECT tc.relname, a.relname, b.relname, pg_get_indexdef(a.oid), pg_get_indexdef(b.oid), pg_relation_size(a.oid),
                   ia.indkey::text = ib.indkey::text
              FROM pg_index ia JOIN pg_index ib ON ib.indrelid = ia.indrelid AND ib.indexrelid <> ia.indexrelid
              JOIN pg_class a ON a.oid = ia.indexrelid JOIN pg_class b ON b.oid = ib.indexrelid
              JOIN pg_class tc ON tc.oid = ia.indrelid JOIN pg_namespace n ON n.oid = tc.relnamespace
             WHERE n.nspname = 'public' AND NOT tc.relispartition AND a.relam = b.relam
               AND ia.indpred IS NULL AND ib.indpred IS NULL AND ia.indexprs IS NULL AND ib.indexprs IS NULL
               AND NOT ia.indisunique AND NOT ia.indisprimary
               AND (ib.indkey::text LIKE ia.indkey::text || ' %'
                    OR (ib.indkey::text = ia.indkey::text AND (ib.indisunique OR ia.indexrelid > ib.indexrelid)))
             ORDER BY tc.relname, a.relname""";

    /** Tables of some size read more often by sequential scans than through indexes. */
    static final String SEQUENTIAL_SCAN_TABLES = """
            SELECT relname, seq_scan, coalesce(idx_scan, 0), seq_tup_read, n_live_tup
              FROM pg_stat_user_tables
             WHERE n_live_tup >= $1 AND seq_scan > coalesce(idx_scan, 0)
             ORDER BY seq_tup_read DESC, relname
             LIMIT 20""";

    static final String CACHE_HIT = """
            SELECT sum(heap_blks_hit)::float8 / nullif(sum(heap_blks_hit + heap_blks_read), 0),
                   sum(idx_blks_hit)::float8 / nullif(sum(idx_blks_hit + idx_blks_read), 0)
              FROM pg_statio_user_tables""";

    static final String CONNECTIONS = """
            SELECT coalesce(nullif(application_name, ''), backend_type), coalesce(state, 'background'), count(*),
                   current_setting('max_connections')::int
              FROM pg_stat_activity
             WHERE datname = current_database() OR datname IS NULL
             GROUP BY 1, 2 ORDER BY 1, 2""";

    /** Each session waiting on a lock, with the sessions it waits for. */
    static final String BLOCKED = """
            SELECT w.pid, w.application_name, extract(epoch FROM now() - w.query_start) * 1000, left(w.query, 1000),
                   b.pid, b.application_name, b.state, extract(epoch FROM now() - b.xact_start) * 1000, left(b.query, 1000)
              FROM pg_stat_activity w
              CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS blocker(pid)
              JOIN pg_stat_activity b ON b.pid = blocker.pid
             ORDER BY w.query_start, w.pid, b.pid""";

    /** Estimated bloat: the dead rows' share of each table of some size. */
    static final String DEAD_ROWS = """
            SELECT relname, n_live_tup, n_dead_tup, n_dead_tup::float8 / nullif(n_live_tup + n_dead_tup, 0),
                   greatest(last_vacuum, last_autovacuum), greatest(last_analyze, last_autoanalyze),
                   n_mod_since_analyze::float8 / nullif(n_live_tup, 0)
              FROM pg_stat_user_tables
             WHERE n_live_tup + n_dead_tup >= $1
             ORDER BY n_dead_tup DESC, relname
             LIMIT 30""";

    static final String EXACT_TABLE_BLOAT = """
            SELECT table_len, dead_tuple_percent, free_percent FROM pgstattuple($1::regclass)""";

    static final String EXACT_INDEX_BLOAT = """
            SELECT index_size, avg_leaf_density, leaf_fragmentation FROM pgstatindex($1::regclass)""";

    static final String PARTITIONS = """
            SELECT parent.relname, count(*), sum(pg_total_relation_size(child.oid))::bigint
              FROM pg_inherits i JOIN pg_class parent ON parent.oid = i.inhparent JOIN pg_class child ON child.oid = i.inhrelid
             WHERE parent.relkind = 'p'
             GROUP BY parent.relname ORDER BY parent.relname""";

    /** WAL bytes and checkpoints between the two latest server snapshots. */
    static final String WAL_RATE = """
            SELECT extract(epoch FROM l.taken_at - p.taken_at), pg_wal_lsn_diff(l.wal_lsn, p.wal_lsn),
                   l.checkpoints_timed - p.checkpoints_timed, l.checkpoints_req - p.checkpoints_req
              FROM (SELECT * FROM db_server_snapshots ORDER BY taken_at DESC LIMIT 1) l,
                   (SELECT * FROM db_server_snapshots ORDER BY taken_at DESC OFFSET 1 LIMIT 1) p""";

    static final String CHECKPOINTS = "SELECT checkpoints_timed, checkpoints_req, stats_reset FROM pg_stat_bgwriter";

    static final String TABLE_IO = """
            SELECT relname, heap_blks_read, heap_blks_hit, coalesce(idx_blks_read, 0), coalesce(idx_blks_hit, 0)
              FROM pg_statio_user_tables
             ORDER BY heap_blks_read + coalesce(idx_blks_read, 0) DESC, relname
             LIMIT 20""";

    static final String REPLICATION = """
            SELECT application_name, state, extract(epoch FROM replay_lag) * 1000, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)
              FROM pg_stat_replication ORDER BY application_name""";

    /** The pools every service instance reported in the last minute. */
    static final String POOLS = """
            SELECT service, instance, pool_name, max_size, in_use, waiting, mean_wait_ms
              FROM db_pool_reports
             WHERE reported_at >= now() - interval '1 minute'
             ORDER BY service, instance, pool_name""";

    /**
     * Estimated B-tree bloat, as check_postgres estimates it: the pages the index would need for its
     * rows (key widths from pg_stats, plus tuple header and line pointer, 90 % fill) against the pages
     * it has. The indexes with the most estimated waste first.
     */
    static final String INDEX_BLOAT = """
            WITH idx AS (
                SELECT tc.relname AS table_name, ic.relname AS index_name, ic.relpages, ic.reltuples,
                       (SELECT coalesce(sum(s.avg_width), 0) FROM pg_attribute a
                          JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = tc.relname AND s.attname = a.attname
                         WHERE a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)) AS key_width
                  FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class tc ON tc.oid = i.indrelid
                  JOIN pg_namespace n ON n.oid = tc.relnamespace JOIN pg_am am ON am.oid = ic.relam
                 WHERE am.amname = 'btree' AND n.nspname = 'public' AND i.indexprs IS NULL AND ic.relpages >= $1),
            est AS (
                SELECT table_name, index_name, relpages,
                       ceil(reltuples * (8 + 4 + ceil(key_width / 8.0) * 8)
                            / (current_setting('block_size')::int * 0.9 - 24)) + 1 AS expected_pages
                  FROM idx)
            SELECT table_name, index_name, relpages::bigint * current_setting('block_size')::int,
                   greatest(0, 1 - expected_pages / relpages)::float8
              FROM est
             ORDER BY (relpages - expected_pages) DESC, index_name
             LIMIT 20""";
}
