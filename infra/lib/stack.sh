# Starting and stopping the stack's processes. Sourced after common.sh.

# PostgreSQL's data directory and configuration, made on first use and refreshed on every run.
prepare_postgres() {
  local bin; bin="$(pg_bin_dir)" || die "no PostgreSQL server found"
  local user; user="$(pg_os_user)"
  mkdir -p "$PG_DATA" "$PG_SOCKET_DIR"
  chown "$user" "$SHOP_STATE_DIR/postgres" "$PG_DATA" "$PG_SOCKET_DIR"
  chmod 700 "$PG_DATA"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    step "initialising PostgreSQL cluster in $PG_DATA"
    as_pg_user "$bin/initdb" -D "$PG_DATA" -U postgres --auth-local=peer --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$LOG_DIR/postgres-init.log" 2>&1 || die_with_log postgres-init "initdb failed"
    echo "include = 'shopstream.conf'" >>"$PG_DATA/postgresql.conf"
  fi
  mkdir -p "$PG_LOG_DIR"
  chown "$user" "$PG_LOG_DIR"
  { cat "$INFRA_DIR/postgres/postgresql.conf"
    # Where the server logs (the query analyzer reads the JSON files there through SQL), and the
    # duration over which a statement is logged with its parameters and its plan.
    printf "log_directory = '%s'\n" "$PG_LOG_DIR"
    printf "log_min_duration_statement = %s\n" "$SHOP_DB_SLOW_QUERY_MS"
    printf "auto_explain.log_min_duration = %s\n" "$SHOP_DB_SLOW_QUERY_MS"
  } >"$PG_DATA/shopstream.conf"
  write_pg_auth "$user"
}

start_postgres() {
  prepare_postgres
  local was_running=false
  running_pid postgres >/dev/null && was_running=true
  start_component postgres
  wait_postgres_ready
  if $was_running; then
    as_pg_user "$(pg_bin_dir)/pg_ctl" -D "$PG_DATA" reload >/dev/null || die_with_log postgres "could not reload its configuration"
  fi
  ensure_database
}

# Waits until PostgreSQL accepts connections. Crash recovery may take a while: the wait goes on as long
# as the startup process moves to later WAL segments (its process title names the segment it replays).
wait_postgres_ready() {
  local last_title="" last_progress=$SECONDS title pid
  until pg_isready -q -h "$SHOP_PG_HOST" -p "$SHOP_PG_PORT"; do
    check_not_given_up postgres
    title=""
    pid="$(running_pid postgres)" && title="$(ps -o args= --ppid "$pid" 2>/dev/null | grep -m 1 'startup' || true)"
    if [ "$title" != "$last_title" ]; then
      [ -z "$title" ] || [ -n "$last_title" ] || info "postgres is recovering (${title##* }), waiting while it makes progress"
      last_title="$title"; last_progress=$SECONDS
    fi
    [ $((SECONDS - last_progress)) -lt 60 ] || die_with_log postgres "not ready, and no recovery progress for 60 s"
    sleep 0.3
  done
}

# Who may connect: the cluster's owner as the superuser, over the socket only (peer); everyone else,
# the application role included, with a password (scram-sha-256), over the socket or loopback.
write_pg_auth() {
  local user="$1"
  cp "$INFRA_DIR/postgres/pg_hba.conf" "$PG_DATA/pg_hba.conf"
  printf 'owner %s postgres\n' "$user" >"$PG_DATA/pg_ident.conf"
  chown "$user" "$PG_DATA/pg_hba.conf" "$PG_DATA/pg_ident.conf"
  chmod 600 "$PG_DATA/pg_hba.conf" "$PG_DATA/pg_ident.conf"
}

psql_admin() {
  as_pg_user psql -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$SHOP_PG_PORT" -U postgres "$@"
}

ensure_database() {
  psql_admin -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$SHOP_PG_USER'" | grep -q 1 ||
    psql_admin -d postgres -c "CREATE ROLE \"$SHOP_PG_USER\" LOGIN"
  # On standard input, not the command line; stored as a SCRAM verifier (password_encryption).
  psql_admin -d postgres <<<"ALTER ROLE \"$SHOP_PG_USER\" PASSWORD '$SHOP_PG_PASSWORD'" || die "could not set the application role's password"
  psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$SHOP_PG_DATABASE'" | grep -q 1 ||
    psql_admin -d postgres -c "CREATE DATABASE \"$SHOP_PG_DATABASE\" OWNER \"$SHOP_PG_USER\""
  # Extensions need a superuser; the schema itself belongs to the application role.
  psql_admin -d "$SHOP_PG_DATABASE" -c "CREATE EXTENSION IF NOT EXISTS vector" \
    || die "could not create the pgvector extension (see above)"
  psql_admin -d "$SHOP_PG_DATABASE" -qc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" \
    -c "GRANT pg_read_all_stats TO \"$SHOP_PG_USER\"" \
    -c "GRANT EXECUTE ON FUNCTION pg_stat_statements_reset TO \"$SHOP_PG_USER\"" \
    || die "could not create the pg_stat_statements extension (see above)"
  # The query analyzer: hypothetical indexes, exact bloat, statistics views (pg_monitor), and the
  # server's log, read through SQL from log_directory only.
  psql_admin -d "$SHOP_PG_DATABASE" -qc "CREATE EXTENSION IF NOT EXISTS hypopg" \
    -c "CREATE EXTENSION IF NOT EXISTS pgstattuple" \
    -c "GRANT pg_monitor TO \"$SHOP_PG_USER\"" \
    -c "GRANT EXECUTE ON FUNCTION pg_ls_logdir() TO \"$SHOP_PG_USER\"" \
    -c "GRANT EXECUTE ON FUNCTION pg_read_binary_file(text, bigint, bigint) TO \"$SHOP_PG_USER\"" \
    || die "could not prepare the query analyzer's extensions and grants (see above)"
}

# Stops a PostgreSQL not under supervisord (fast shutdown, as supervisord's SIGINT).
stop_postgres_directly() {
  local pid; pid="$(running_pid postgres)" || return 0
  info "stopping postgres (pid $pid)"
  as_pg_user "$(pg_bin_dir)/pg_ctl" -D "$PG_DATA" -m fast -w -t 120 stop >/dev/null 2>&1 || kill -INT "$pid"
  rm -f "$(pid_file postgres)"
}

prepare_redis() {
  mkdir -p "$REDIS_DIR"
  # The password lives in a config file readable by its owner only, never on the command line.
  (umask 077 && printf 'include %s\nrequirepass %s\n' "$INFRA_DIR/redis/redis.conf" "$SHOP_REDIS_PASSWORD" >"$REDIS_DIR/redis.conf")
}

start_redis() {
  prepare_redis
  start_component redis
  local deadline=$((SECONDS + 30))
  until [ "$(redis_cli ping 2>/dev/null)" = PONG ]; do
    check_not_given_up redis
    if [ "$SECONDS" -ge "$deadline" ]; then
      redis_cli ping 2>&1 | grep -q WRONGPASS \
        && die "redis does not accept the password in $SECRETS_DIR/redis-password; restart it: infra/down redis && infra/up"
      die_with_log redis "did not answer PING within 30 s"
    fi
    sleep 0.2
  done
}

# Stops a process not under supervisord: SIGTERM, and SIGKILL after 30 s.
stop_pid() { # NAME
  local pid; pid="$(running_pid "$1")" || return 0
  info "stopping $1 (pid $pid)"
  kill -TERM "$pid" 2>/dev/null
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do
    [ "$SECONDS" -ge "$deadline" ] && { warn "$1 ignored SIGTERM for 30 s, killing it"; kill -KILL "$pid"; }
    sleep 0.2
  done
  rm -f "$(pid_file "$1")"
}

prepare_kafka() {
  local data="$KAFKA_DIR/data" config="$KAFKA_DIR/server.properties"
  mkdir -p "$data"
  sed -e "s|@HOST@|$SHOP_KAFKA_HOST|g" -e "s|@PORT@|$SHOP_KAFKA_PORT|g" \
      -e "s|@CONTROLLER_PORT@|$SHOP_KAFKA_CONTROLLER_PORT|g" -e "s|@DATA_DIR@|$data|g" \
      -e "s|@PARTITIONS@|$SHOP_KAFKA_PARTITIONS|g" "$INFRA_DIR/kafka/server.properties.template" >"$config"
  [ -f "$data/meta.properties" ] && return 0
  step "formatting Kafka storage in $data"
  local java cluster_id log_opts=(-Dlog4j2.configurationFile="$INFRA_DIR/kafka/log4j2.properties")
  java="$(java_bin)"
  cluster_id="$("$java" "${log_opts[@]}" -cp "$(kafka_classpath)" kafka.tools.StorageTool random-uuid 2>>"$LOG_DIR/kafka.log")" \
    || die_with_log kafka "could not create a cluster id"
  "$java" "${log_opts[@]}" -cp "$(kafka_classpath)" kafka.tools.StorageTool format -t "$cluster_id" -c "$config" \
    >>"$LOG_DIR/kafka.log" 2>&1 || die_with_log kafka "storage format failed"
}

start_kafka() {
  prepare_kafka
  start_component kafka
  local deadline=$((SECONDS + 90))
  until kafka_topics --list >/dev/null 2>&1; do
    check_not_given_up kafka
    [ "$SECONDS" -ge "$deadline" ] && die_with_log kafka "broker did not answer within 90 s"
    sleep 0.5
  done
}

kafka_topics() {
  "$(java_bin)" -Dlog4j2.configurationFile="$INFRA_DIR/kafka/log4j2.properties" -cp "$(kafka_classpath)" \
    org.apache.kafka.tools.TopicCommand --bootstrap-server "$SHOP_KAFKA_BOOTSTRAP" "$@"
}

# The stack's one-off tasks (admin.jar): the same code as the services, so topic names, the key
# format and where the stack listens are written once, in Java.
admin() { "$(java_bin)" -jar "$JARS_DIR/admin.jar" "$@"; }

ensure_topics() {
  local said
  said="$(admin create-topics 2>>"$LOG_DIR/admin.log")" || die_with_log admin "could not create the topics"
  [ -z "$said" ] || while read -r line; do info "$line"; done <<<"$said"
}

# Rebuilds the service jars when any source or POM is newer than the last build.
build_jars() {
  local stamp="$JARS_DIR/.built"
  if [ -f "$stamp" ] && [ -z "$(find "$ROOT_DIR" \( -path "$SHOP_STATE_DIR" -o -name node_modules \) -prune -o \
        \( -name pom.xml -o -path '*/src/main/*' -o -path '*/infra/migrations/*' \) -newer "$stamp" -print -quit)" ]; then
    return 0
  fi
  step "building the services (mvn package)"
  (cd "$ROOT_DIR" && mvn -B -q -DskipTests -pl admin,ingest,aggregator,query-api,loadgen -am package) \
    >"$LOG_DIR/build.log" 2>&1 || die_with_log build "mvn package failed"
  local module
  for module in admin ingest aggregator query-api loadgen; do
    cp "$ROOT_DIR/$module/target/$module.jar" "$JARS_DIR/$module.jar.new"
    mv -f "$JARS_DIR/$module.jar.new" "$JARS_DIR/$module.jar"
  done
  touch "$stamp"
  local service running=()
  for service in "${SERVICES[@]}"; do
    running_pid "$service" >/dev/null && running+=("$service")
  done
  [ ${#running[@]} -eq 0 ] || warn "still on their previous build: ${running[*]}; restart them with infra/down ${running[*]} && infra/up"
}

ensure_api_key() {
  local said
  said="$(admin ensure-local-key 2>>"$LOG_DIR/admin.log")" || die_with_log admin "could not check or make the local API key"
  [ -z "$said" ] || while read -r line; do step "$line"; done <<<"$said"
}

apply_migrations() {
  step "applying database migrations"
  admin migrate >"$LOG_DIR/migrate.log" 2>&1 || die_with_log migrate "migrations failed"
  info "$(tail -n 1 "$LOG_DIR/migrate.log")"
}

service_health_url() {
  case "$1" in
    ingest) echo "$SHOP_INGEST_URL/health" ;;
    query-api) echo "$SHOP_QUERY_API_URL/health" ;;
    aggregator) echo "http://$SHOP_AGGREGATOR_HOST:$SHOP_AGGREGATOR_PORT/health" ;;
  esac
}

start_service() { start_component "$1" --restart-if-changed; }

wait_service_healthy() {
  local name="$1" url; url="$(service_health_url "$name")"
  local deadline=$((SECONDS + 90))
  until http_ok "$url"; do
    check_not_given_up "$name"
    [ "$SECONDS" -ge "$deadline" ] && die_with_log "$name" "not healthy within 90 s ($url)"
    sleep 0.3
  done
  info "$name healthy (pid $(running_pid "$name"))"
}

# Whether PostgreSQL, Redis and Kafka run elsewhere, and the stack starts only the services.
external_dependencies() { [ "${SHOP_DEPENDENCIES:-local}" = external ]; }

# Waits up to 60 s for external PostgreSQL, Redis and Kafka to accept connections.
wait_external_dependencies() {
  local deadline=$((SECONDS + 60)) kafka_host="${SHOP_KAFKA_BOOTSTRAP%%,*}"
  until pg_isready -q -h "$SHOP_PG_HOST" -p "$SHOP_PG_PORT"; do
    [ $SECONDS -lt $deadline ] || die "PostgreSQL at $SHOP_PG_HOST:$SHOP_PG_PORT does not accept connections"
    sleep 0.5
  done
  until [ "$(redis_cli ping 2>/dev/null)" = PONG ]; do
    [ $SECONDS -lt $deadline ] || die "Redis at $SHOP_REDIS_HOST:$SHOP_REDIS_PORT does not answer PING"
    sleep 0.5
  done
  until (exec 3<>"/dev/tcp/${kafka_host%:*}/${kafka_host##*:}") 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || die "Kafka at $kafka_host does not accept connections"
    sleep 0.5
  done
  info "postgres $SHOP_PG_HOST:$SHOP_PG_PORT, redis $SHOP_REDIS_HOST:$SHOP_REDIS_PORT and kafka $SHOP_KAFKA_BOOTSTRAP answer"
}
