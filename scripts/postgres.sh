#!/usr/bin/env bash
# A PostgreSQL server on loopback for development, tests and CI, from Debian's postgresql, holding the ledger database.
#
#   scripts/postgres.sh start    start it (initdb on first start), create the database, return once it answers
#   scripts/postgres.sh stop     stop the server this script started in its folder
#   scripts/postgres.sh status   one line; exits non-zero when it is not running
#   scripts/postgres.sh url      the Npgsql connection string of the database
#
# Settings (environment): POSTGRES_PORT (default 55432), POSTGRES_DIR (default /tmp/tickwatch-postgres-PORT: a folder
# the postgres user can reach, which a checkout under /root is not), POSTGRES_DB (default tickwatch).
# PostgreSQL refuses to run as root: as root the server runs as the postgres system user, otherwise as the current user.
# Loopback only, with trust authentication for the superuser postgres: never a production setup.
set -euo pipefail
cd "$(dirname "$0")/.."

port=${POSTGRES_PORT:-55432}
dir=${POSTGRES_DIR:-${TMPDIR:-/tmp}/tickwatch-postgres-$port}
case "$dir" in /*) ;; *) dir="$(pwd)/$dir" ;; esac
db=${POSTGRES_DB:-tickwatch}
host=127.0.0.1
data=$dir/data

bindir() { compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1 | xargs -r dirname; }

# Runs a PostgreSQL program as the server's owner: postgres when we are root, ourselves otherwise.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg() { local program=$1; shift; as_owner "$(bindir)/$program" "$@"; }
sql() { pg psql -X -q -h "$host" -p "$port" -U postgres -d postgres -tAc "$1"; }
running() { [ -n "$(bindir)" ] && [ -f "$data/PG_VERSION" ] && pg pg_ctl -D "$data" status >/dev/null 2>&1; }
answers() { pg pg_isready -q -h "$host" -p "$port" -U postgres; }

wait_until() {
  local what=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      echo "postgres: timed out after ${seconds}s waiting for $what" >&2
      return 1
    fi
    sleep 0.2
  done
}

start() {
  scripts/install-deps.sh '/usr/lib/postgresql/*/bin/initdb:postgresql'
  if ! running; then
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then
      chown postgres:postgres "$dir"
    fi
    chmod 700 "$dir"
    if [ ! -f "$data/PG_VERSION" ]; then
      pg initdb -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2
        return 1
      }
    fi
    # The socket goes in our own folder: /var/run/postgresql may be missing or not ours.
    pg pg_ctl -D "$data" -l "$dir/postgres.log" -w -t 60 \
      -o "-p $port -c listen_addresses=$host -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null || {
      tail -n 30 "$dir/postgres.log" >&2
      return 1
    }
  fi
  wait_until "the server on $host:$port to answer" 30 answers
  if [ "$(sql "SELECT 1 FROM pg_database WHERE datname = '$db'")" != "1" ]; then
    sql "CREATE DATABASE \"$db\""
  fi
  echo "postgres: ok on $host:$port ($data), database $db"
}

stop() {
  if running; then
    pg pg_ctl -D "$data" -m fast -w -t 60 stop >/dev/null
  fi
  echo "postgres: stopped"
}

status() {
  if running && answers; then
    echo "$host:$port pid $(head -n 1 "$data/postmaster.pid") $data"
  else
    echo "$host:$port not running"
    return 1
  fi
}

url() { echo "Host=$host;Port=$port;Username=postgres;Database=$db"; }

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) url ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
