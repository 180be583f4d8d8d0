#!/usr/bin/env bash
# Several Tickwatch instances on loopback, from a shell: `tickwatch up --instances N` in the background (a Redis Cluster,
# the quote hub and execution gateway, N market services in Leased mode on 8001.., N gateways on 3001..).
#
#   scripts/cluster-up.sh start [switches]   build if needed, start, return once every process is ready; prints the banner
#                                            (switches go to tickwatch up, e.g. --Market:Port 18000 --Gateway:Port 18100)
#   scripts/cluster-up.sh stop               SIGTERM to that `up`, which stops its processes and its Redis Cluster;
#                                            then whatever of its own is left (pids it listed), and nothing else
#   scripts/cluster-up.sh status             one line per process: name, pid, address, health; exit 0 when all are ready
#
# Settings (environment): CLUSTER_UP_INSTANCES (default 2); CLUSTER_UP_REDIS (an existing cluster's seed list; without it
# scripts/redis-cluster.sh starts one, first port REDIS_CLUSTER_PORT, default 7101). State, logs and the process list are
# under .tickwatch/cluster (up.log is the console), each process's log files under logs/<name>/.
set -euo pipefail
cd "$(dirname "$0")/.."

state=.tickwatch/cluster
pid_file=$state/up.pid
list=$state/processes
log=$state/up.log
exe=src/Tickwatch.Cli/bin/Release/net10.0/tickwatch
instances=${CLUSTER_UP_INSTANCES:-2}

# A pid is ours only while it is a live tickwatch process (a recycled pid is left alone).
is_tickwatch() {
  local pid=$1
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q "tickwatch"
}
up_pid() { cat "$pid_file" 2>/dev/null || true; }
running() { is_tickwatch "$(up_pid)"; }

wait_gone() {
  local pid=$1 seconds=$2
  local deadline=$((SECONDS + seconds))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  ! kill -0 "$pid" 2>/dev/null
}

start() {
  if running; then
    echo "cluster-up: already running (tickwatch up, pid $(up_pid))"
    status || true
    return 0
  fi
  scripts/install-deps.sh curl:curl
  if [ ! -x "$exe" ]; then
    echo "cluster-up: building the tickwatch executable (Release)"
    dotnet build src/Tickwatch.Cli -c Release -nologo -clp:ErrorsOnly
  fi
  mkdir -p "$state"
  local args=(up --instances "$instances")
  [ -z "${CLUSTER_UP_REDIS:-}" ] || args+=(--redis "$CLUSTER_UP_REDIS")
  echo "${REDIS_CLUSTER_PORT:-7101}" > "$state/redis-port"

  # Its own session: a Ctrl+C in this terminal later does not reach it; `stop` does.
  setsid "$exe" "${args[@]}" "$@" > "$log" 2>&1 < /dev/null &
  echo $! > "$pid_file"

  local deadline=$((SECONDS + 240))
  until grep -q "^Tickwatch is up" "$log" 2>/dev/null; do
    if ! kill -0 "$(up_pid)" 2>/dev/null; then
      echo "cluster-up: tickwatch up exited while starting; the end of $log:" >&2
      tail -n 30 "$log" >&2
      rm -f "$pid_file"
      return 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "cluster-up: not ready after 240 s; the end of $log:" >&2
      tail -n 30 "$log" >&2
      stop
      return 1
    fi
    sleep 0.5
  done

  # The banner, without the processes' own log lines ("market-a    | ...") that run through it.
  sed -n '/^Tickwatch is up/,/^Press Ctrl+C/p' "$log" | grep -Ev '^[a-z-]+ *\| ' | sed '$d'
  echo "Stop with scripts/cluster-up.sh stop; scripts/cluster-up.sh status shows each process and its health."
}

stop() {
  local pid
  pid=$(up_pid)
  if is_tickwatch "$pid"; then
    kill -TERM "$pid"
    wait_gone "$pid" 100 || { echo "cluster-up: tickwatch up (pid $pid) did not stop within 100 s; killing it" >&2; kill -9 "$pid" 2>/dev/null || true; }
  fi

  # Whatever `up` could not stop itself (it was killed): the pids it listed, if they are still tickwatch processes.
  if [ -f "$list" ]; then
    local name child rest
    while read -r name child rest; do
      [ "$name" != "up" ] || continue
      if is_tickwatch "$child"; then
        kill -TERM "$child" 2>/dev/null || true
        wait_gone "$child" 20 || kill -9 "$child" 2>/dev/null || true
      fi
    done < "$list"
    rm -f "$list"
  fi
  if [ -d "$state/redis-cluster" ]; then
    REDIS_CLUSTER_PORT=$(cat "$state/redis-port" 2>/dev/null || echo 7101) REDIS_CLUSTER_DIR="$state/redis-cluster" \
      scripts/redis-cluster.sh stop >/dev/null
  fi
  rm -f "$pid_file"
  echo "cluster-up: stopped"
}

status() {
  if ! running; then
    local left=0 name pid rest
    if [ -f "$list" ]; then
      while read -r name pid rest; do
        [ "$name" = "up" ] || ! is_tickwatch "$pid" || left=$((left + 1))
      done < "$list"
    fi
    if [ "$left" -gt 0 ]; then
      echo "cluster-up: tickwatch up is not running, but $left of its processes are (scripts/cluster-up.sh stop ends them)"
    else
      echo "cluster-up: not running"
    fi
    return 1
  fi
  if [ ! -f "$list" ]; then
    echo "tickwatch up (pid $(up_pid)) is starting; no process list yet"
    return 1
  fi
  local name pid url ready code health all=0
  while read -r name pid url ready; do
    if [ "$name" = "up" ]; then
      printf '%-13s pid %-8s %s\n' "$name" "$pid" "running (the parent: stop it to stop all)"
      continue
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      health="exited"
      all=1
    else
      code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$ready" || true)
      case "$code" in
        200) health="ready" ;;
        000) health="not answering ($ready)"; all=1 ;;
        *) health="not ready: $code at $ready"; all=1 ;;
      esac
    fi
    printf '%-13s pid %-8s %-24s %s\n' "$name" "$pid" "$url" "$health"
  done < "$list"
  return $all
}

command=${1:-}
[ $# -eq 0 ] || shift
case "$command" in
  start) start "$@" ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start [tickwatch up switches]|stop|status" >&2; exit 2 ;;
esac
