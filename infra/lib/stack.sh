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
  write_pg_config "$PG_DATA" "$PG_LOG_DIR"
  write_pg_auth "$PG_DATA"
}

# write_pg_config DATA_DIR LOG_DIR [SETTING...]: the server's settings, with the given ones last.
write_pg_config() {
  local data="$1" logs="$2" setting; shift 2
  mkdir -p "$logs"
  chown "$(pg_os_user)" "$logs"
  { cat "$INFRA_DIR/postgres/postgresql.conf"
    # Where the server logs (the query analyzer reads the JSON files there through SQL), and the
    # duration over which a statement is logged with its parameters and its plan.
    printf "log_directory = '%s'\n" "$logs"
    printf "log_min_duration_statement = %s\n" "$SHOP_DB_SLOW_QUERY_MS"
    printf "auto_explain.log_min_duration = %s\n" "$SHOP_DB_SLOW_QUERY_MS"
    for setting in "$@"; do printf '%s\n' "$setting"; done
  } >"$data/shopstream.conf"
}

start_postgres() {
  prepare_postgres
  local was_running=false
  running_pid postgres >/dev/null && was_running=true
  $was_running || reserve_huge_pages
  start_component postgres
  wait_postgres_ready
  if $was_running; then
    as_pg_user "$(pg_bin_dir)/pg_ctl" -D "$PG_DATA" reload >/dev/null || die_with_log postgres "could not reload its configuration"
  fi
  ensure_database
  if cluster_topology; then start_standby; fi
}

# PostgreSQL's shared memory in 2 MB pages (huge_pages = try). A backend maps each 4 kB page of
# shared_buffers on its first touch, and on a virtual machine such as the one this project is measured
# on a first touch costs some 40 µs: a backend probing a grown ledger's index paid it on most probes
# (docs/performance.md, "The fifth push"). One touch of a huge page maps 2 MB. Reserving them needs
# root; without them, or if too few can be had, PostgreSQL uses normal pages. infra/down gives back
# what this reserved.
reserve_huge_pages() {
  local sysctl=/proc/sys/vm/nr_hugepages saved="$SHOP_STATE_DIR/postgres/nr_hugepages.before" need total free
  [ -w "$sysctl" ] || return 0
  need="$(as_pg_user "$(pg_bin_dir)/postgres" -D "$PG_DATA" -C shared_memory_size_in_huge_pages 2>/dev/null)" || return 0
  total="$(awk '/^HugePages_Total/ {print $2}' /proc/meminfo)"
  free="$(awk '/^HugePages_Free/ {print $2}' /proc/meminfo)"
  [ "$need" -gt "$free" ] 2>/dev/null || return 0
  [ -f "$saved" ] || echo "$total" >"$saved"
  # Contiguous 2 MB blocks are scarce on a machine whose memory the page cache has filled.
  echo 1 >/proc/sys/vm/compact_memory 2>/dev/null || true
  echo $((total - free + need)) >"$sysctl" 2>/dev/null || true
  if [ "$(awk '/^HugePages_Free/ {print $2}' /proc/meminfo)" -lt "$need" ]; then
    warn "could not reserve the $need huge pages PostgreSQL's shared memory needs; it uses normal pages"
    release_huge_pages
  else
    info "reserved $need huge pages for PostgreSQL's shared memory"
  fi
}

release_huge_pages() {
  local sysctl=/proc/sys/vm/nr_hugepages saved="$SHOP_STATE_DIR/postgres/nr_hugepages.before"
  [ -f "$saved" ] || return 0
  echo "$(cat "$saved")" >"$sysctl" 2>/dev/null || true
  rm -f "$saved"
}

# The cluster topology's hot standby: a base backup of the primary, streaming from a replication slot
# (so the primary keeps the WAL it has not replayed yet, up to max_slot_wal_keep_size), and reporting
# what its queries read (hot_standby_feedback) so that the primary's vacuum does not cancel them.
start_standby() {
  local bin user; bin="$(pg_bin_dir)"; user="$(pg_os_user)"
  if [ ! -f "$PG_STANDBY_DATA/PG_VERSION" ]; then
    step "cloning the primary into a hot standby in $PG_STANDBY_DATA"
    rm -rf "$PG_STANDBY_DATA"; mkdir -p "$PG_STANDBY_DATA"; chown "$user" "$PG_STANDBY_DATA"; chmod 700 "$PG_STANDBY_DATA"
    psql_admin -d postgres -tAc "SELECT 1 FROM pg_replication_slots WHERE slot_name = 'standby'" | grep -q 1 \
      || psql_admin -d postgres -qc "SELECT pg_create_physical_replication_slot('standby')" >/dev/null \
      || die "could not create the standby's replication slot"
    as_pg_user "$bin/pg_basebackup" -h "$PG_SOCKET_DIR" -p "$SHOP_PG_PORT" -U postgres -D "$PG_STANDBY_DATA" \
      -X stream -S standby -R -c fast >"$LOG_DIR/postgres-standby-init.log" 2>&1 \
      || die_with_log postgres-standby-init "pg_basebackup failed"
  fi
  write_pg_config "$PG_STANDBY_DATA" "$PG_STANDBY_LOG_DIR" "shared_buffers = 2GB" "hot_standby_feedback = on"
  write_pg_auth "$PG_STANDBY_DATA"
  start_component postgres-standby
  local deadline=$((SECONDS + 120))
  until pg_isready -q -h "$SHOP_PG_HOST" -p "$SHOP_PG_STANDBY_PORT"; do
    check_not_given_up postgres-standby
    [ "$SECONDS" -ge "$deadline" ] && die_with_log postgres-standby "not accepting connections within 120 s"
    sleep 0.3
  done
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
  local data="$1" user; user="$(pg_os_user)"
  cp "$INFRA_DIR/postgres/pg_hba.conf" "$data/pg_hba.conf"
  printf 'owner %s postgres\n' "$user" >"$data/pg_ident.conf"
  chown "$user" "$data/pg_hba.conf" "$data/pg_ident.conf" "$data/shopstream.conf"
  chmod 600 "$data/pg_hba.conf" "$data/pg_ident.conf"
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
  # Backends' nice values (set_backend_priority): a role may only lower its own backends' priority.
  psql_admin -d "$SHOP_PG_DATABASE" -qc "CREATE EXTENSION IF NOT EXISTS prioritize" \
    || die "could not create the prioritize extension (see above)"
}

# stop_postgres_directly [NAME]: stops a PostgreSQL server not under supervisord (fast shutdown, as supervisord's SIGINT).
stop_postgres_directly() {
  local name="${1:-postgres}" data="$PG_DATA" pid
  [ "$name" = postgres ] || data="$PG_STANDBY_DATA"
  pid="$(running_pid "$name")" || return 0
  info "stopping $name (pid $pid)"
  as_pg_user "$(pg_bin_dir)/pg_ctl" -D "$data" -m fast -w -t 120 stop >/dev/null 2>&1 || kill -INT "$pid"
  rm -f "$(pid_file "$name")"
}

# prepare_redis NAME: the node's configuration. The password lives in a file readable by its owner
# only, never on a command line; cluster nodes use it with each other too (masterauth).
prepare_redis() {
  local dir; dir="$(redis_node_dir "$1")"
  mkdir -p "$dir"
  (umask 077 && {
    printf 'include %s\nrequirepass %s\n' "$INFRA_DIR/redis/redis.conf" "$SHOP_REDIS_PASSWORD"
    if cluster_topology; then
      printf 'include %s\nmasterauth %s\ncluster-port %s\n' "$INFRA_DIR/redis/cluster.conf" "$SHOP_REDIS_PASSWORD" \
        $(($(component_port "$1") - 10000))
    fi
  } >"$dir/redis.conf")
}

start_redis() {
  local node
  for node in "${REDIS_NODES[@]}"; do prepare_redis "$node"; done
  for node in "${REDIS_NODES[@]}"; do start_component "$node"; done
  local deadline=$((SECONDS + 30))
  for node in "${REDIS_NODES[@]}"; do
    until [ "$(redis_node_cli "$node" ping 2>/dev/null)" = PONG ]; do
      check_not_given_up "$node"
      if [ "$SECONDS" -ge "$deadline" ]; then
        redis_node_cli "$node" ping 2>&1 | grep -q WRONGPASS \
          && die "$node does not accept the password in $SECRETS_DIR/redis-password; restart it: infra/down $node && infra/up"
        die_with_log "$node" "did not answer PING within 30 s"
      fi
      sleep 0.2
    done
  done
  if cluster_topology; then form_redis_cluster; fi
}

# Joins the six nodes into a cluster of three masters with a replica each, on first start, and waits
# until every node sees every slot served.
form_redis_cluster() {
  local node first="${REDIS_NODES[0]}"
  if [ "$(redis_node_cli "$first" cluster info | tr -d '\r' | awk -F: '$1 == "cluster_slots_assigned" {print $2}')" = 0 ]; then
    step "forming the Redis Cluster: 3 masters, 1 replica each"
    local endpoints=()
    for node in "${REDIS_NODES[@]}"; do endpoints+=("$SHOP_REDIS_HOST:$(component_port "$node")"); done
    REDISCLI_AUTH="$SHOP_REDIS_PASSWORD" redis-cli --no-auth-warning --cluster create "${endpoints[@]}" \
      --cluster-replicas 1 --cluster-yes >"$LOG_DIR/redis-cluster-create.log" 2>&1 \
      || die_with_log redis-cluster-create "redis-cli --cluster create failed"
  fi
  local deadline=$((SECONDS + 60))
  for node in "${REDIS_NODES[@]}"; do
    until redis_node_cli "$node" cluster info 2>/dev/null | grep -q '^cluster_state:ok'; do
      [ "$SECONDS" -ge "$deadline" ] && die_with_log "$node" "the Redis Cluster is not ok after 60 s (redis-cli -p $(component_port "$node") cluster info)"
      sleep 0.5
    done
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

kafka_controller_port() { echo $((SHOP_KAFKA_CONTROLLER_PORT + 2 * ($(instance_of "$1") - 1))); }

# prepare_kafka NAME: writes the broker's configuration; formats its storage on first use, every
# broker of a cluster with the same cluster id.
prepare_kafka() {
  local name="$1" dir; dir="$(kafka_node_dir "$1")"
  local data="$dir/data" config="$dir/server.properties" voters="" broker replication=1 min_isr=1
  for broker in "${KAFKA_BROKERS[@]}"; do
    voters+="$(instance_of "$broker")@127.0.0.1:$(kafka_controller_port "$broker"),"
  done
  if cluster_topology; then replication="$SHOP_KAFKA_REPLICATION_FACTOR" min_isr="$SHOP_KAFKA_MIN_INSYNC_REPLICAS"; fi
  mkdir -p "$data"
  sed -e "s|@HOST@|$SHOP_KAFKA_HOST|g" -e "s|@PORT@|$(component_port "$name")|g" \
      -e "s|@CONTROLLER_PORT@|$(kafka_controller_port "$name")|g" -e "s|@DATA_DIR@|$data|g" \
      -e "s|@NODE_ID@|$(instance_of "$name")|g" -e "s|@VOTERS@|${voters%,}|g" \
      -e "s|@REPLICATION@|$replication|g" -e "s|@MIN_ISR@|$min_isr|g" \
      -e "s|@PARTITIONS@|$SHOP_KAFKA_PARTITIONS|g" "$INFRA_DIR/kafka/server.properties.template" >"$config"
  [ -f "$data/meta.properties" ] && return 0
  step "formatting Kafka storage in $data"
  local java cluster_id log_opts=(-Dlog4j2.configurationFile="$INFRA_DIR/kafka/log4j2.properties")
  java="$(java_bin)"
  if [ ! -s "$KAFKA_DIR/cluster-id" ]; then
    "$java" "${log_opts[@]}" -cp "$(kafka_classpath)" kafka.tools.StorageTool random-uuid >"$KAFKA_DIR/cluster-id" \
      2>>"$LOG_DIR/$name.log" || die_with_log "$name" "could not create a cluster id"
  fi
  cluster_id="$(cat "$KAFKA_DIR/cluster-id")"
  "$java" "${log_opts[@]}" -cp "$(kafka_classpath)" kafka.tools.StorageTool format -t "$cluster_id" -c "$config" \
    >>"$LOG_DIR/$name.log" 2>&1 || die_with_log "$name" "storage format failed"
}

start_kafka() {
  local broker
  for broker in "${KAFKA_BROKERS[@]}"; do prepare_kafka "$broker"; done
  for broker in "${KAFKA_BROKERS[@]}"; do start_component "$broker"; done
  local deadline=$((SECONDS + 90))
  until kafka_brokers_up; do
    for broker in "${KAFKA_BROKERS[@]}"; do check_not_given_up "$broker"; done
    [ "$SECONDS" -ge "$deadline" ] && die_with_log "${KAFKA_BROKERS[0]}" "the brokers did not all answer within 90 s"
    sleep 0.5
  done
}

# Whether every broker of the topology is registered and unfenced (takes partitions).
kafka_brokers_up() {
  local ids
  ids="$(kafka_admin_class org.apache.kafka.tools.ClusterTool list-endpoints --bootstrap-server "$SHOP_KAFKA_BOOTSTRAP" 2>/dev/null)" || return 1
  [ "$(grep -c -E '^[0-9]+ .* unfenced +broker' <<<"$ids")" -ge "${#KAFKA_BROKERS[@]}" ]
}

kafka_admin_class() {
  "$(java_bin)" -Dlog4j2.configurationFile="$INFRA_DIR/kafka/log4j2.properties" -cp "$(kafka_classpath)" "$@"
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

# Rebuilds the service jars when any source, POM or migration is newer than the last build, and
# stops the services still running the previous one.
build_jars() {
  local stamp="$JARS_DIR/.built"
  if [ -f "$stamp" ] && [ -z "$(find "$ROOT_DIR" \( -path "$ROOT_DIR/.stack" -o -path "$SHOP_STATE_DIR" -o -name node_modules \) -prune -o \
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
  # Stopped before the migrations, which may not suit the previous build; infra/up starts them again.
  if [ ${#running[@]} -gt 0 ]; then
    step "stopping ${running[*]}: they run the previous build"
    stop_supervised "${running[@]}"
  fi
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

# A service instance's own health endpoint (not the balancer's).
service_health_url() {
  local host_var; host_var="SHOP_$(kind_of "$1" | tr 'a-z-' 'A-Z_')_HOST"
  echo "http://${!host_var}:$(component_port "$1")/health"
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

# The cluster topology's load balancer, on the services' usual ports, in front of their instances.
start_haproxy() {
  mkdir -p "$(dirname "$HAPROXY_CONF")"
  local kind instance host_var
  declare -A servers=() backups=()
  for kind in query-api ingest; do
    servers[$kind]="" backups[$kind]=""
    host_var="SHOP_$(echo "$kind" | tr 'a-z-' 'A-Z_')_HOST"
    for instance in "${SERVICES[@]}"; do
      [ "$(kind_of "$instance")" = "$kind" ] || continue
      servers[$kind]+="    server $instance ${!host_var}:$(component_port "$instance") check"$'\n'
      backups[$kind]+="    server $instance-unchecked ${!host_var}:$(component_port "$instance") backup"$'\n'
    done
    servers[$kind]+="${backups[$kind]}"
  done
  local template; template="$(cat "$INFRA_DIR/haproxy/haproxy.cfg.template")"
  template="${template//@QUERY_API_SERVERS@/${servers[query-api]%$'\n'}}"
  template="${template//@INGEST_SERVERS@/${servers[ingest]%$'\n'}}"
  sed -e "s|@HOST@|$SHOP_QUERY_API_HOST|g" -e "s|@QUERY_API_PORT@|$SHOP_QUERY_API_PORT|g" \
      -e "s|@INGEST_PORT@|$SHOP_INGEST_PORT|g" -e "s|@STATS_PORT@|$SHOP_HAPROXY_STATS_PORT|g" \
      -e "s|@RUN_DIR@|$RUN_DIR|g" -e "s|@ERRORS_DIR@|$INFRA_DIR/haproxy/errors|g" <<<"$template" >"$HAPROXY_CONF.new"
  haproxy -c -q -f "$HAPROXY_CONF.new" >"$LOG_DIR/haproxy-check.log" 2>&1 || die_with_log haproxy-check "invalid configuration $HAPROXY_CONF.new"
  local changed=false
  cmp -s "$HAPROXY_CONF.new" "$HAPROXY_CONF" || changed=true
  mv -f "$HAPROXY_CONF.new" "$HAPROXY_CONF"
  if $changed && [ "$(component_state haproxy)" = RUNNING ]; then
    step "restarting haproxy with its new configuration"
    supervisorctl_stack restart haproxy >/dev/null || die_with_log haproxy "did not restart"
  fi
  start_component haproxy
  wait_until 15 http_ok "http://127.0.0.1:$SHOP_HAPROXY_STATS_PORT/" || die_with_log haproxy "its stats page did not answer within 15 s"
  wait_until 15 http_ok "$SHOP_QUERY_API_URL/health" || die_with_log haproxy "no query-api instance answers through it within 15 s"
  wait_until 15 http_ok "$SHOP_INGEST_URL/health" || die_with_log haproxy "no ingest instance answers through it within 15 s"
}
