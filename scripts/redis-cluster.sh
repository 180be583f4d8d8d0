#!/usr/bin/env bash
# A Redis Cluster on loopback for development, tests and CI: 3 masters and 3 replicas from Debian's redis-server.
#
#   scripts/redis-cluster.sh start    start (fresh) and return once cluster_state:ok on every node
#   scripts/redis-cluster.sh stop     stop only the processes this script started
#   scripts/redis-cluster.sh status   one line per node
#   scripts/redis-cluster.sh nodes    the seed list, host:port,host:port,...
#
# Settings (environment): REDIS_CLUSTER_PORT (first port, default 7101), REDIS_CLUSTER_NODES (default 6),
# REDIS_CLUSTER_REPLICAS (per master, default 1), REDIS_CLUSTER_DIR (default .tickwatch/redis-cluster),
# REDIS_CLUSTER_NODE_TIMEOUT (ms, default 2000).
set -euo pipefail
cd "$(dirname "$0")/.."

first_port=${REDIS_CLUSTER_PORT:-7101}
count=${REDIS_CLUSTER_NODES:-6}
replicas=${REDIS_CLUSTER_REPLICAS:-1}
dir=${REDIS_CLUSTER_DIR:-.tickwatch/redis-cluster}
# Relative folders are under the repository; redis-server needs an absolute one.
case "$dir" in /*) ;; *) dir="$(pwd)/$dir" ;; esac
node_timeout=${REDIS_CLUSTER_NODE_TIMEOUT:-2000}
host=127.0.0.1

ports() { seq "$first_port" $((first_port + count - 1)); }
pid_of() { cat "$dir/$1/redis.pid" 2>/dev/null || true; }
ours() {
  # Only a live redis-server started from this folder's config counts as ours.
  local pid; pid=$(pid_of "$1")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q "redis-server"
}
cli() { local port=$1; shift; redis-cli -h "$host" -p "$port" "$@"; }

wait_until() {
  local what=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      echo "redis-cluster: timed out after ${seconds}s waiting for $what" >&2
      return 1
    fi
    sleep 0.2
  done
}

cluster_ok() {
  local port
  for port in $(ports); do
    cli "$port" cluster info 2>/dev/null | grep -q '^cluster_state:ok' || return 1
  done
}

all_known() {
  local port
  for port in $(ports); do
    [ "$(cli "$port" cluster info 2>/dev/null | sed -n 's/^cluster_known_nodes:\([0-9]*\).*/\1/p')" = "$count" ] || return 1
  done
}

start() {
  scripts/install-deps.sh redis-server:redis-server redis-cli:redis-tools
  local running=0 port
  for port in $(ports); do ours "$port" && running=$((running + 1)); done
  if [ "$running" -eq "$count" ] && cluster_ok; then
    echo "redis-cluster: already running on $(nodes)"
    return 0
  fi
  [ "$running" -eq 0 ] || stop

  # Only the node folders are cleared, so a mistaken REDIS_CLUSTER_DIR never wipes anything else.
  for port in $(ports); do rm -rf "${dir:?}/$port"; done
  for port in $(ports); do
    mkdir -p "$dir/$port"
    cat > "$dir/$port/redis.conf" <<CONF
bind $host
port $port
protected-mode no
daemonize yes
dir $dir/$port
pidfile $dir/$port/redis.pid
logfile $dir/$port/redis.log
cluster-enabled yes
cluster-config-file nodes.conf
cluster-node-timeout $node_timeout
cluster-replica-validity-factor 0
appendonly no
save ""
CONF
    redis-server "$dir/$port/redis.conf"
  done
  for port in $(ports); do
    wait_until "node $port to answer" 15 cli "$port" ping
  done

  local seeds=()
  for port in $(ports); do seeds+=("$host:$port"); done
  redis-cli --cluster create "${seeds[@]}" --cluster-replicas "$replicas" --cluster-yes >"$dir/create.log" 2>&1 || {
    cat "$dir/create.log" >&2
    return 1
  }
  wait_until "every node to know the others" 30 all_known
  wait_until "cluster_state:ok on every node" 30 cluster_ok
  echo "redis-cluster: ok on $(nodes)"
}

stop() {
  local port pid
  for port in $(ports); do
    if ours "$port"; then
      pid=$(pid_of "$port")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  echo "redis-cluster: stopped"
}

status() {
  local port role state
  for port in $(ports); do
    if ours "$port"; then
      role=$(cli "$port" info replication 2>/dev/null | sed -n 's/^role:\(.*\)\r$/\1/p')
      state=$(cli "$port" cluster info 2>/dev/null | sed -n 's/^cluster_state:\(.*\)\r$/\1/p')
      echo "$host:$port pid $(pid_of "$port") ${role:-?} cluster_state:${state:-?}"
    else
      echo "$host:$port not running"
    fi
  done
  cluster_ok
}

nodes() {
  local list=() port
  for port in $(ports); do list+=("$host:$port"); done
  (IFS=,; echo "${list[*]}")
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  nodes) nodes ;;
  *) echo "usage: $0 start|stop|status|nodes" >&2; exit 2 ;;
esac
