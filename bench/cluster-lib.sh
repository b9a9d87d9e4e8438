# Shared by bench/cluster-chaos and bench/cluster-speed (sourced, not run): PostgreSQL, Redis and sori nodes
# started for real on free loopback ports in a temporary folder, and stopped by PID on exit.
#
# The caller sets `tag` (the results folder under target/) before sourcing, then calls start_postgres,
# start_redis and start_node NAME [FLAGS...]. Nodes are in node_pid/node_port by name.

for tool in redis-server redis-cli psql runuser python3; do
  command -v "$tool" >/dev/null || { echo "$tag: needs $tool (apt-get install redis-server postgresql)" >&2; exit 2; }
done
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$pgbin/initdb" ] || { echo "$tag: needs PostgreSQL's server (apt-get install postgresql)" >&2; exit 2; }

out="$here/target/$tag/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
work=$(mktemp -d "/tmp/sori-$tag.XXXXXX")
chmod 755 "$work"
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$out/$tag.log" >&2; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

redis_pid="" bench_pid="" pg_started="" store="" redis_port=""
declare -A node_pid node_port
cleanup() {
  local p
  [ -n "$bench_pid" ] && kill "$bench_pid" 2>/dev/null || true
  for p in "${node_pid[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${node_pid[@]}"; do
    for _ in $(seq 20); do kill -0 "$p" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$p" 2>/dev/null || true
  done
  if [ -n "$redis_pid" ]; then
    { kill -9 "$redis_pid" && wait "$redis_pid"; } 2>/dev/null || true
  fi
  if [ -n "$pg_started" ]; then
    runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# PostgreSQL as the postgres user (it refuses root), with a database `sori`; sets $store.
start_postgres() {
  local port
  port=$(free_port)
  mkdir -p "$work/pg" && chown postgres "$work/pg"
  runuser -u postgres -- "$pgbin/initdb" -D "$work/pg/data" -U postgres -A trust --no-sync -E UTF8 --locale=C \
    >"$out/initdb.log" 2>&1
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -t 60 \
    -o "-p $port -k $work/pg -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  pg_started=1
  psql -h 127.0.0.1 -p "$port" -U postgres -qAt -c "CREATE DATABASE sori" >/dev/null
  store="postgresql://postgres@127.0.0.1:$port/sori"
  pg_port=$port
  log "PostgreSQL on $port"
}

# Redis with AOF, so a restart keeps every append it acknowledged; again on the same port and file when called
# again. Sets $redis_port and $redis_pid. REDIS_FSYNC=always|everysec (default everysec, Redis's own default
# with AOF): a killed redis-server loses nothing it acknowledged either way, since it writes the AOF before it
# answers; fsync only matters when the machine itself goes down.
start_redis() {
  [ -n "$redis_port" ] || redis_port=$(free_port)
  mkdir -p "$work/redis"
  redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$work/redis" --save "" --appendonly yes \
    --appendfsync "${REDIS_FSYNC:-everysec}" >>"$out/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  log "redis-server did not answer within 10 s"; return 1
}

# start_node NAME [FLAGS...]: `sori server` on node_port[NAME] (picked once, kept over restarts) with the store,
# flood control off and no IRC, web or metrics port; returns once it listens.
start_node() {
  local n=$1; shift
  [ -n "${node_port[$n]:-}" ] || node_port[$n]=$(free_port)
  "$sori" server --store "$store" --port "${node_port[$n]}" --irc-port 0 --web-port 0 --metrics-port 0 \
    --flood-burst 0 --flood-rate 0 --max-clients 0 --data-dir "$work/node-$n" "$@" >>"$out/node-$n.log" 2>&1 &
  node_pid[$n]=$!
  for _ in $(seq 600); do
    (exec 3<>"/dev/tcp/127.0.0.1/${node_port[$n]}") 2>/dev/null && return 0
    kill -0 "${node_pid[$n]}" 2>/dev/null || { log "node $n exited: $(tail -3 "$out/node-$n.log")"; return 1; }
    sleep 0.1
  done
  log "node $n did not listen within 60 s"; return 1
}

# stop_node NAME: SIGTERM and a bounded wait.
stop_node() {
  local p=${node_pid[$1]}
  kill "$p" 2>/dev/null || true
  for _ in $(seq 40); do kill -0 "$p" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
  unset "node_pid[$1]"
}
