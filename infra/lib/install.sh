# Installs what the local stack needs and is missing. Sourced by infra/up after common.sh.

apt_install() {
  command -v apt-get >/dev/null || die "apt-get not found: install $* by hand (this script knows Debian and Ubuntu)"
  info "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" \
    >"$LOG_DIR/install.log" 2>&1 || {
    info "retrying after apt-get update"
    as_root apt-get update -q >>"$LOG_DIR/install.log" 2>&1
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" \
      >>"$LOG_DIR/install.log" 2>&1 || die_with_log install "apt-get install $* failed"
  }
}

# The newest PostgreSQL major this machine has a server for, or the distribution's default.
postgres_major() {
  local bin; bin="$(pg_bin_dir)" && { basename "$(dirname "$bin")"; return; }
  apt-cache depends postgresql 2>/dev/null | awk '/Depends: postgresql-[0-9]+$/ {sub("postgresql-","",$2); print $2; exit}'
}

install_packages() {
  local missing=() major
  major="$(postgres_major)"
  [ -n "$major" ] || die "cannot tell which PostgreSQL version to install (apt-cache depends postgresql gave nothing)"
  [ "$major" -ge 15 ] || die "PostgreSQL $major found; 15 or newer is needed"
  [ -x "/usr/lib/postgresql/$major/bin/postgres" ] || missing+=("postgresql-$major")
  [ -f "/usr/include/postgresql/$major/server/postgres.h" ] || missing+=("postgresql-server-dev-$major")
  # HypoPG: hypothetical indexes, with which the index advisor costs its candidates.
  [ -f "/usr/share/postgresql/$major/extension/hypopg.control" ] || missing+=("postgresql-$major-hypopg")
  # prioritize: lets the view maintenance's backend run behind the batches (setpriority, upwards only).
  [ -f "/usr/share/postgresql/$major/extension/prioritize.control" ] || missing+=("postgresql-$major-prioritize")
  command -v psql >/dev/null || missing+=("postgresql-client-$major")
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v redis-cli >/dev/null || missing+=(redis-tools)
  command -v supervisord >/dev/null || missing+=(supervisor)
  command -v curl >/dev/null || missing+=(curl)
  command -v jq >/dev/null || missing+=(jq)
  command -v kcat >/dev/null || missing+=(kcat)
  command -v make >/dev/null || missing+=(make)
  command -v gcc >/dev/null || missing+=(gcc)
  command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null || missing+=(maven)
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  if cluster_topology; then command -v haproxy >/dev/null || missing+=(haproxy); fi
  if [ ${#missing[@]} -gt 0 ]; then
    step "installing packages: ${missing[*]}"
    apt_install "${missing[@]}"
  fi
  install_pgvector "$major"
}

# The browser the dashboard's test drives: Debian's Chromium and its WebDriver.
install_browser() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  if [ ${#missing[@]} -gt 0 ]; then
    step "installing packages: ${missing[*]}"
    apt_install "${missing[@]}"
  fi
}

# pgvector from a distribution package where one exists, otherwise built from Debian's own
# source package of a newer suite, fetched with a private apt configuration so that the
# system's sources and installed packages stay untouched.
install_pgvector() {
  local major="$1" pg_config="/usr/lib/postgresql/$1/bin/pg_config"
  [ -f "$("$pg_config" --sharedir)/extension/vector.control" ] && return 0
  step "installing pgvector for PostgreSQL $major"
  if apt-cache policy "postgresql-$major-pgvector" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    apt_install "postgresql-$major-pgvector"
    return 0
  fi
  local build="$SHOP_STATE_DIR/build/pgvector" suite="${SHOP_PGVECTOR_SUITE:-trixie}"
  rm -rf "$build"; mkdir -p "$build/lists/partial"
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $suite main" \
    >"$build/sources.list"
  local apt_opts=(-o "Dir::Etc::SourceList=$build/sources.list" -o Dir::Etc::SourceParts=/dev/null
                  -o "Dir::State::Lists=$build/lists" -o Debug::NoLocking=1)
  command -v dpkg-source >/dev/null || apt_install dpkg-dev
  info "fetching Debian's pgvector source package ($suite)"
  (cd "$build" && apt-get "${apt_opts[@]}" update -q && apt-get "${apt_opts[@]}" source -q pgvector \
      && mv pgvector-*/ src) >"$LOG_DIR/pgvector-build.log" 2>&1 \
    || die_with_log pgvector-build "could not fetch the pgvector source package"
  info "building pgvector"
  (cd "$build/src" && make PG_CONFIG="$pg_config" && as_root make PG_CONFIG="$pg_config" install) \
    >>"$LOG_DIR/pgvector-build.log" 2>&1 || die_with_log pgvector-build "pgvector build failed"
  info "pgvector $(sed -n "s/^default_version = '\(.*\)'/\1/p" "$build/src/vector.control") installed"
}

install_kafka() {
  [ -f "$KAFKA_LIBS/.complete" ] && return 0
  step "fetching Kafka $KAFKA_VERSION broker jars from Maven Central"
  rm -rf "$KAFKA_LIBS"; mkdir -p "$KAFKA_LIBS"
  mvn -B -q -f "$INFRA_DIR/kafka/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$KAFKA_LIBS" -Dkafka.version="$KAFKA_VERSION" >"$LOG_DIR/kafka-fetch.log" 2>&1 \
    || die_with_log kafka-fetch "could not fetch the Kafka jars"
  touch "$KAFKA_LIBS/.complete"
  info "$(ls "$KAFKA_LIBS" | wc -l) jars in $KAFKA_LIBS"
}
