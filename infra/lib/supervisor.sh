# The local stack under supervisord (Debian's `supervisor`): one program per component, started in
# order by infra/up and restarted by supervisord whenever it exits. Sourced after common.sh.
#
# Programs do not start with supervisord itself (autostart=false): PostgreSQL must be ready and
# migrated before the services start, and only infra/up knows that. Once started, a program that
# exits is started again at once; one that keeps exiting within 3 s is retried with a growing pause
# (1 s, 2 s, 3 s, ...) and given up after 30 attempts, about 8 minutes, until the next infra/up.

SUPERVISOR_CONF="$SHOP_STATE_DIR/supervisor/supervisord.conf"
SUPERVISOR_SOCKET="$RUN_DIR/supervisor.sock"

supervisorctl_stack() { supervisorctl -c "$SUPERVISOR_CONF" "$@"; }

supervisord_running() {
  local pid
  pid="$(cat "$RUN_DIR/supervisord.pid" 2>/dev/null)" && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null \
    && grep -qF supervisord "/proc/$pid/cmdline" 2>/dev/null
}

# component_state NAME: supervisord's state of the program (RUNNING, STARTING, BACKOFF, STOPPED,
# EXITED, FATAL, ...), or "unsupervised" when supervisord is not running.
component_state() {
  supervisord_running || { echo unsupervised; return 0; }
  supervisorctl_stack status "$1" 2>/dev/null | awk '{print $2; exit}'
}

# program NAME PRIORITY STOP_SIGNAL STOP_WAIT_SECONDS: one [program] section. Lower priorities stop last.
program() {
  cat <<EOF

[program:$1]
command=$INFRA_DIR/lib/run-component $1 $RUN_DIR/$1.env
priority=$2
autostart=false
autorestart=true
startsecs=3
startretries=30
stopsignal=$3
stopwaitsecs=$4
killasgroup=true
redirect_stderr=true
stdout_logfile=$LOG_DIR/$1.log
stdout_logfile_maxbytes=100MB
stdout_logfile_backups=2
EOF
}

write_supervisor_config() {
  mkdir -p "$(dirname "$SUPERVISOR_CONF")"
  local user_line=""
  [ "$(id -u)" -ne 0 ] || user_line="user=root"
  {
    cat <<EOF
; Written by infra/up on every run; edits are lost.
[unix_http_server]
file=$SUPERVISOR_SOCKET
chmod=0700

[supervisord]
logfile=$LOG_DIR/supervisord.log
logfile_maxbytes=10MB
logfile_backups=2
pidfile=$RUN_DIR/supervisord.pid
childlogdir=$LOG_DIR
minfds=20000
$user_line

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://$SUPERVISOR_SOCKET
EOF
    local name
    for name in "${COMPONENTS[@]}"; do
      case "$(kind_of "$name")" in
        # PostgreSQL's fast shutdown is SIGINT: it rolls back open transactions and checkpoints.
        postgres) program "$name" 100 INT 120 ;;
        postgres-standby) program "$name" 105 INT 120 ;;
        redis) program "$name" 110 TERM 30 ;;
        kafka) program "$name" 120 TERM 60 ;;
        aggregator) program "$name" 200 TERM 30 ;;
        ingest) program "$name" 210 TERM 30 ;;
        query-api) program "$name" 220 TERM 30 ;;
        # HAProxy's graceful stop (SIGUSR1) lets requests in flight finish.
        haproxy) program "$name" 230 USR1 30 ;;
      esac
    done
  } >"$SUPERVISOR_CONF.new"
  mv -f "$SUPERVISOR_CONF.new" "$SUPERVISOR_CONF"
}

# The settings each component runs with: this run's SHOP_* variables and JAVA_HOME, as bash
# declarations, readable by their owner only (they include the passwords).
component_environment() {
  export -p | grep -E '^declare -x (SHOP_[A-Z0-9_]*|JAVA_HOME)=' || true
}

# write_environment NAME: writes NAME's environment file; succeeds if it changed.
write_environment() {
  local file="$RUN_DIR/$1.env" new
  new="$(component_environment)"
  [ -f "$file" ] && [ "$(cat "$file")" = "$new" ] && return 1
  (umask 077 && printf '%s\n' "$new" >"$file.new") && mv -f "$file.new" "$file"
}

# Starts supervisord if it is not running. Processes of the stack left running without it (a
# supervisord killed, or a stack started by an older infra/up) are stopped first: supervisord
# cannot adopt them, and a second copy would find their ports and data directories taken.
ensure_supervisord() {
  write_supervisor_config
  if supervisord_running; then
    supervisorctl_stack update >/dev/null || die_with_log supervisord "could not reload its configuration"
    return 0
  fi
  stop_unsupervised
  step "starting supervisord"
  rm -f "$SUPERVISOR_SOCKET"
  # A clean environment: each program takes its settings from its own environment file.
  env -i PATH="$PATH" HOME="${HOME:-/root}" LANG=C.UTF-8 supervisord -c "$SUPERVISOR_CONF" \
    || die_with_log supervisord "did not start"
  wait_until 10 supervisorctl_stack pid || die_with_log supervisord "did not answer within 10 s"
}

stop_unsupervised() {
  local name
  for name in $(components_reversed); do
    running_pid "$name" >/dev/null || continue
    warn "$name runs without supervisord; stopping it"
    case "$name" in postgres*) stop_postgres_directly "$name" ;; *) stop_pid "$name" ;; esac
  done
}

# start_component NAME: starts NAME under supervisord unless it runs or is being started.
# With --restart-if-changed, a running service whose settings changed is restarted with the new ones.
start_component() {
  local name="$1" changed=false
  write_environment "$name" && changed=true
  case "$(component_state "$name")" in
    RUNNING|STARTING|BACKOFF)
      if $changed && [ "${2:-}" = --restart-if-changed ]; then
        step "restarting $name with changed settings"
        supervisorctl_stack restart "$name" >/dev/null || die_with_log "$name" "did not restart"
      else
        info "$name already running (pid $(running_pid "$name" || echo '?'))"
      fi
      ;;
    *)
      step "starting $name"
      supervisorctl_stack start "$name" >/dev/null || die_with_log "$name" "did not start"
      ;;
  esac
}

# Fails, with the component's log, once supervisord gave up on it.
check_not_given_up() {
  [ "$(component_state "$1")" != FATAL ] || die_with_log "$1" "kept exiting; supervisord gave up on it"
}

# Stops the named components, or all of them in reverse order and then supervisord itself.
stop_supervised() {
  supervisord_running || return 0
  if [ $# -gt 0 ]; then
    supervisorctl_stack stop "$@" | sed 's/^/    /'
    return 0
  fi
  info "stopping every component (supervisord)"
  supervisorctl_stack stop all | sed 's/^/    /'
  local pid; pid="$(cat "$RUN_DIR/supervisord.pid")"
  supervisorctl_stack shutdown >/dev/null
  wait_until 30 bash -c "! kill -0 $pid" || warn "supervisord (pid $pid) did not exit within 30 s"
}
