# Shared settings and helpers for the infra scripts. Sourced, never executed.
# Every setting can be overridden from the environment; README.md lists them all.

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
INFRA_DIR="$ROOT_DIR/infra"

export SHOP_STATE_DIR="${SHOP_STATE_DIR:-$ROOT_DIR/.stack}"
# Hosts and ports: infra/defaults.env, which the services read too, for each one not set already.
export_stack_defaults() {
  local setting value
  while IFS='=' read -r setting value; do
    [[ "$setting" =~ ^SHOP_[A-Z0-9_]+$ ]] || continue
    [ -n "${!setting:-}" ] || export "$setting=$value"
  done <"$INFRA_DIR/defaults.env"
}
export_stack_defaults
export SHOP_KAFKA_BOOTSTRAP="${SHOP_KAFKA_BOOTSTRAP:-$SHOP_KAFKA_HOST:$SHOP_KAFKA_PORT}"
export SHOP_QUERY_API_URL="${SHOP_QUERY_API_URL:-http://$SHOP_QUERY_API_HOST:$SHOP_QUERY_API_PORT}"
export SHOP_INGEST_URL="${SHOP_INGEST_URL:-http://$SHOP_INGEST_HOST:$SHOP_INGEST_PORT}"

KAFKA_VERSION="4.4.0"
RUN_DIR="$SHOP_STATE_DIR/run"
LOG_DIR="$SHOP_STATE_DIR/logs"
PG_LOG_DIR="$LOG_DIR/postgres"
PG_DATA="$SHOP_STATE_DIR/postgres/data"
PG_SOCKET_DIR="$SHOP_STATE_DIR/postgres/socket"
REDIS_DIR="$SHOP_STATE_DIR/redis"
KAFKA_DIR="$SHOP_STATE_DIR/kafka"
KAFKA_LIBS="$KAFKA_DIR/libs-$KAFKA_VERSION"
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

SERVICES=(ingest aggregator query-api)
COMPONENTS=(postgres redis kafka "${SERVICES[@]}")

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
  case "$1" in
    postgres) echo postgres ;;
    redis) echo redis-server ;;
    kafka) echo kafka.Kafka ;;
    *) echo "$1.jar" ;;
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

kafka_classpath() { echo "$KAFKA_LIBS/*"; }

java_bin() { if [ -n "${JAVA_HOME:-}" ]; then echo "$JAVA_HOME/bin/java"; else echo java; fi; }

service_heap() { case "$1" in aggregator) echo 1g ;; *) echo 512m ;; esac; }

ensure_state_dirs() { mkdir -p "$RUN_DIR" "$LOG_DIR" "$JARS_DIR"; }
