# Shared settings and helpers for the infra scripts. Sourced, never executed.
# Every setting can be overridden from the environment; README.md lists them all.

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
INFRA_DIR="$ROOT_DIR/infra"

# The topology: "single" (the default: one process of each kind) or "cluster" (three Kafka brokers,
# a Redis Cluster of three masters and three replicas, a PostgreSQL primary and hot standby, two of
# each service behind HAProxy). `infra/up --topology cluster` records it here; the other scripts
# follow whichever was brought up last, until a full infra/down.
TOPOLOGY_FILE="$ROOT_DIR/.stack/topology"
export SHOP_TOPOLOGY="${SHOP_TOPOLOGY:-$(cat "$TOPOLOGY_FILE" 2>/dev/null || echo single)}"
case "$SHOP_TOPOLOGY" in
  single) export SHOP_STATE_DIR="${SHOP_STATE_DIR:-$ROOT_DIR/.stack}" ;;
  cluster) export SHOP_STATE_DIR="${SHOP_STATE_DIR:-$ROOT_DIR/.stack/cluster}" ;;
  *) printf 'error: unknown topology %s (single or cluster)\n' "$SHOP_TOPOLOGY" >&2; exit 1 ;;
esac
cluster_topology() { [ "$SHOP_TOPOLOGY" = cluster ]; }
# topology_running TOPOLOGY: whether that topology's supervisord runs (from its default state folder).
topology_running() {
  local dir="$ROOT_DIR/.stack" pid
  [ "$1" = cluster ] && dir="$ROOT_DIR/.stack/cluster"
  pid="$(cat "$dir/run/supervisord.pid" 2>/dev/null)" && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null \
    && grep -qF supervisord "/proc/$pid/cmdline" 2>/dev/null
}

# Hosts and ports: infra/defaults.env, which the services read too, for each one not set already.
export_stack_defaults() {
  local setting value
  while IFS='=' read -r setting value; do
    [[ "$setting" =~ ^SHOP_[A-Z0-9_]+$ ]] || continue
    [ -n "${!setting:-}" ] || export "$setting=$value"
  done <"$INFRA_DIR/defaults.env"
}
export_stack_defaults
# Cluster nodes take consecutive ports from the single node's: Kafka brokers two apart (broker,
# controller), Redis nodes one apart (each with its cluster bus 10000 below, under the ephemeral range).
KAFKA_BROKERS=(kafka) REDIS_NODES=(redis) POSTGRES_NODES=(postgres) SERVICES=(ingest aggregator query-api) BALANCERS=()
if cluster_topology; then
  KAFKA_BROKERS=(kafka-1 kafka-2 kafka-3)
  REDIS_NODES=(redis-1 redis-2 redis-3 redis-4 redis-5 redis-6)
  POSTGRES_NODES=(postgres postgres-standby)
  SERVICES=(ingest-1 ingest-2 aggregator-1 aggregator-2 query-api-1 query-api-2)
  BALANCERS=(haproxy)
  export SHOP_PG_STANDBY_PORT="${SHOP_PG_STANDBY_PORT:-$((SHOP_PG_PORT + 1))}"
  export SHOP_KAFKA_BOOTSTRAP="${SHOP_KAFKA_BOOTSTRAP:-$(for i in 0 1 2; do printf '%s:%s,' "$SHOP_KAFKA_HOST" $((SHOP_KAFKA_PORT + 2 * i)); done | sed 's/,$//')}"
  export SHOP_KAFKA_REPLICATION_FACTOR="${SHOP_KAFKA_REPLICATION_FACTOR:-3}"
  export SHOP_KAFKA_MIN_INSYNC_REPLICAS="${SHOP_KAFKA_MIN_INSYNC_REPLICAS:-2}"
  export SHOP_REDIS_CLUSTER_NODES="${SHOP_REDIS_CLUSTER_NODES:-$(for i in 0 1 2 3 4 5; do printf '%s:%s,' "$SHOP_REDIS_HOST" $((SHOP_REDIS_PORT + i)); done | sed 's/,$//')}"
  # One key group per Kafka partition: the groups' slots then spread over the three masters.
  export SHOP_REDIS_KEY_GROUPS="${SHOP_REDIS_KEY_GROUPS:-$SHOP_KAFKA_PARTITIONS}"
  # The instances listen on loopback behind HAProxy, which sets X-Forwarded-For to the client's address.
  export SHOP_TRUST_FORWARDED_FOR="${SHOP_TRUST_FORWARDED_FOR:-true}"
fi
export SHOP_KAFKA_BOOTSTRAP="${SHOP_KAFKA_BOOTSTRAP:-$SHOP_KAFKA_HOST:$SHOP_KAFKA_PORT}"
export SHOP_QUERY_API_URL="${SHOP_QUERY_API_URL:-http://$SHOP_QUERY_API_HOST:$SHOP_QUERY_API_PORT}"
export SHOP_INGEST_URL="${SHOP_INGEST_URL:-http://$SHOP_INGEST_HOST:$SHOP_INGEST_PORT}"

export SHOP_RESULTS_DIR="${SHOP_RESULTS_DIR:-$ROOT_DIR/bench-results}"
KAFKA_VERSION="4.4.0"
RUN_DIR="$SHOP_STATE_DIR/run"
LOG_DIR="$SHOP_STATE_DIR/logs"
PG_LOG_DIR="$LOG_DIR/postgres"
PG_DATA="$SHOP_STATE_DIR/postgres/data"
PG_SOCKET_DIR="$SHOP_STATE_DIR/postgres/socket"
PG_STANDBY_DATA="$SHOP_STATE_DIR/postgres/standby"
PG_STANDBY_LOG_DIR="$LOG_DIR/postgres-standby"
REDIS_DIR="$SHOP_STATE_DIR/redis"
KAFKA_DIR="$SHOP_STATE_DIR/kafka"
KAFKA_LIBS="$KAFKA_DIR/libs-$KAFKA_VERSION"
HAPROXY_CONF="$SHOP_STATE_DIR/haproxy/haproxy.cfg"
# Where a Redis node or Kafka broker keeps its configuration and data: the single node's folder, or one per cluster node.
redis_node_dir() { if cluster_topology; then echo "$REDIS_DIR/$1"; else echo "$REDIS_DIR"; fi; }
kafka_node_dir() { if cluster_topology; then echo "$KAFKA_DIR/$1"; else echo "$KAFKA_DIR"; fi; }
JARS_DIR="$SHOP_STATE_DIR/jars"
API_KEY_FILE="$SHOP_STATE_DIR/api-key"

SECRETS_DIR="$SHOP_STATE_DIR/secrets"

# secret NAME: prints the local stack's secret NAME (32 random bytes, base64url), made on first use and
# kept in $SECRETS_DIR, readable by its owner only. The services and tests read the same files.
secret() {
  local file="$SECRETS_DIR/$1"
  if [ ! -s "$file" ]; then
    mkdir -p "$SHOP_STATE_DIR" # with the usual mode: PostgreSQL's OS user must reach its data folder inside
    (umask 077 && mkdir -p "$SECRETS_DIR" \
      && head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' >"$file.new" && mv -f "$file.new" "$file")
  fi
  cat "$file"
}
export SHOP_PG_PASSWORD="${SHOP_PG_PASSWORD:-$(secret postgres-password)}"
export SHOP_REDIS_PASSWORD="${SHOP_REDIS_PASSWORD:-$(secret redis-password)}"

COMPONENTS=("${POSTGRES_NODES[@]}" "${REDIS_NODES[@]}" "${KAFKA_BROKERS[@]}" "${SERVICES[@]}" "${BALANCERS[@]}")

# name=port of every component, for the load generator's chaos and benchmarks.
component_ports() { local name; for name in "${COMPONENTS[@]}"; do printf '%s=%s,' "$name" "$(component_port "$name")"; done; }

components_reversed() { local i; for ((i = ${#COMPONENTS[@]} - 1; i >= 0; i--)); do echo "${COMPONENTS[$i]}"; done; }

# kind_of NAME: what a component is (kafka-2 is a kafka, query-api-1 a query-api); instance_of NAME: its number.
kind_of() { echo "${1%-[0-9]}"; }
instance_of() { case "$1" in *-[0-9]) echo "${1##*-}" ;; *) echo 1 ;; esac; }

# The port a component listens on. Service instances of the cluster listen 10000 above the usual
# port, ten apart, since HAProxy takes the usual ports.
component_port() {
  local n; n="$(instance_of "$1")"
  case "$1" in
    postgres) echo "$SHOP_PG_PORT" ;;
    postgres-standby) echo "$SHOP_PG_STANDBY_PORT" ;;
    redis*) echo $((SHOP_REDIS_PORT + n - 1)) ;;
    kafka*) echo $((SHOP_KAFKA_PORT + 2 * (n - 1))) ;;
    haproxy) echo "$SHOP_QUERY_API_PORT" ;;
    *)
      local var; var="SHOP_$(kind_of "$1" | tr 'a-z-' 'A-Z_')_PORT"
      if cluster_topology; then echo $((${!var} + 10000 + 10 * (n - 1))); else echo "${!var}"; fi
      ;;
  esac
}

step() { printf '\033[1m==>\033[0m %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
warn() { printf '\033[33mwarning:\033[0m %s\n' "$*" >&2; }
die()  { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# die_with_log NAME MESSAGE: fail, naming the component and showing the end of its log.
die_with_log() {
  local name="$1"; shift
  local log="$LOG_DIR/$name.log"
  printf '\033[31merror:\033[0m %s: %s\n' "$name" "$*" >&2
  if [ -f "$log" ]; then
    printf '    last lines of %s:\n' "$log" >&2
    tail -n 25 "$log" | sed 's/^/    | /' >&2
  fi
  exit 1
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# PostgreSQL refuses to run as root: the cluster then belongs to the postgres system user.
pg_os_user() { if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi; }
as_pg_user() {
  local user; user="$(pg_os_user)"
  if [ "$user" = "$(id -un)" ]; then "$@"; else runuser -u "$user" -- "$@"; fi
}

pg_bin_dir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/postgres" ] && { echo "$dir"; return 0; }
  done
  return 1
}

pid_file() { echo "$RUN_DIR/$1.pid"; }

# What a component's command line contains, so that a PID reused by another process is not taken for it.
process_marker() {
  case "$(kind_of "$1")" in
    postgres|postgres-standby) echo postgres ;;
    redis) echo redis-server ;;
    kafka) echo kafka.Kafka ;;
    haproxy) echo haproxy ;;
    *) echo "$(kind_of "$1").jar" ;;
  esac
}

# running_pid NAME: prints the PID if the process in NAME's PID file is alive and is NAME;
# removes a stale file (the process died, or its PID now belongs to something else).
running_pid() {
  local file pid
  file="$(pid_file "$1")"
  # A PostgreSQL start that gave up waiting (a long crash recovery) wrote no PID file of ours: the server's own tells.
  if [ ! -f "$file" ] && [ "$1" = postgres ] && [ -f "$PG_DATA/postmaster.pid" ]; then
    pid="$(head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null)"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -qF postgres "/proc/$pid/cmdline" 2>/dev/null; then
      echo "$pid" >"$file" 2>/dev/null
    fi
  fi
  [ -f "$file" ] || return 1
  pid="$(head -n 1 "$file" 2>/dev/null)"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null \
      && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$(process_marker "$1")"; then
    echo "$pid"; return 0
  fi
  rm -f "$file"
  return 1
}

# wait_until SECONDS COMMAND...: polls COMMAND every 0.2 s until it succeeds or time runs out.
wait_until() {
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 0.2
  done
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

http_ok() { curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; }

# curl with the local API key, sent as a header read from a pipe so that it never shows in the process list.
api_curl() { curl -H @<(printf 'X-API-Key: %s\n' "$(cat "$API_KEY_FILE" 2>/dev/null)") "$@"; }

psql_shop() {
  PGPASSWORD="$SHOP_PG_PASSWORD" psql -X -q -v ON_ERROR_STOP=1 -h "$SHOP_PG_HOST" -p "$SHOP_PG_PORT" \
    -U "$SHOP_PG_USER" -d "$SHOP_PG_DATABASE" "$@"
}

# The password goes through the environment, not the command line, where any local user could read it.
redis_cli() { REDISCLI_AUTH="$SHOP_REDIS_PASSWORD" redis-cli --no-auth-warning -h "$SHOP_REDIS_HOST" -p "$SHOP_REDIS_PORT" "$@"; }
# redis_node_cli NAME ARGS...: redis-cli against one node of the stack.
redis_node_cli() {
  local port; port="$(component_port "$1")"; shift
  REDISCLI_AUTH="$SHOP_REDIS_PASSWORD" redis-cli --no-auth-warning -h "$SHOP_REDIS_HOST" -p "$port" "$@"
}

kafka_classpath() { echo "$KAFKA_LIBS/*"; }

java_bin() { if [ -n "${JAVA_HOME:-}" ]; then echo "$JAVA_HOME/bin/java"; else echo java; fi; }

# A JVM's heap in transparent 2 MB pages where the kernel offers them on request ("madvise"): a
# first touch of a 4 kB page costs some 40 µs on a virtual machine, and a fresh heap is touched
# page by page (see reserve_huge_pages in stack.sh for PostgreSQL's side).
jvm_page_options() {
  grep -qs '\[madvise\]\|\[always\]' /sys/kernel/mm/transparent_hugepage/enabled && echo "-XX:+UseTransparentHugePages" || true
}

# How far ahead of the batch work (the aggregator, PostgreSQL, Kafka, ingest) a component runs when
# the cores are short, as a nice value: every API request waits on query-api, on Redis (which runs
# the aggregator's batch scripts one at a time) and in the cluster on HAProxy, and each of them needs
# little CPU. SHOP_<COMPONENT>_NICE overrides it (SHOP_REDIS_NICE, SHOP_QUERY_API_NICE, SHOP_HAPROXY_NICE).
component_nice() {
  local kind var default=0
  kind="$(kind_of "$1")"
  case "$kind" in redis) default=-15 ;; query-api|haproxy) default=-10 ;; esac
  var="SHOP_$(echo "$kind" | tr 'a-z-' 'A-Z_')_NICE"
  echo "${!var:-$default}"
}

service_heap() { case "$(kind_of "$1")" in aggregator) echo 1g ;; *) echo 512m ;; esac; }

ensure_state_dirs() { mkdir -p "$RUN_DIR" "$LOG_DIR" "$JARS_DIR"; }
