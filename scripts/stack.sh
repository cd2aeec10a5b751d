#!/usr/bin/env bash
# Local infrastructure for products-service: Kafka (KRaft), a MongoDB-wire
# server and Redis, all on 127.0.0.1, without Docker.
#
#   scripts/stack.sh up | down | status
#   scripts/stack.sh stop-component  redis|mongo|kafka
#   scripts/stack.sh start-component redis|mongo|kafka
#   scripts/stack.sh go       path of a Go >= 1.21 (fetched into .local/cache when missing)
#
# Everything (binaries, jars, data, logs, pid files) lives under $REPO/.local/.
# After a successful `up`, .local/stack.env holds `export` lines for tests.
#
# Environment:
#   KAFKA_NODES=1|3           combined broker+controller nodes (default 1)
#   KAFKA_PORT                broker port; base port with 3 nodes (9092 / 9091)
#                             controllers listen on broker port + 10000
#   KAFKA_HEAP_OPTS           JVM heap flags per node (default -Xms256m -Xmx512m)
#   MONGO_PORT=27017  REDIS_PORT=6379
#   MONGO_URI                 use this external MongoDB; start no Mongo server
#   KAFKA_READY_TIMEOUT=90 MONGO_READY_TIMEOUT=30 REDIS_READY_TIMEOUT=20
#   STOP_TIMEOUT=30           seconds between TERM and KILL
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="$REPO/.local"
RUN="$LOCAL/run"
LOGS="$LOCAL/log"
DATA="$LOCAL/data"
CACHE="$LOCAL/cache"
BIN="$LOCAL/bin"

KAFKA_POM="$REPO/stack/kafka/pom.xml"
KAFKA_LOG4J="$REPO/stack/kafka/log4j.properties"
KAFKA_LIBS="$CACHE/kafka-libs"
FERRET_SRC="$REPO/tools/ferretdb"
FERRET_BIN="$BIN/ferretdb"

MONGO_PORT="${MONGO_PORT:-27017}"
REDIS_PORT="${REDIS_PORT:-6379}"
KAFKA_READY_TIMEOUT="${KAFKA_READY_TIMEOUT:-90}"
MONGO_READY_TIMEOUT="${MONGO_READY_TIMEOUT:-30}"
REDIS_READY_TIMEOUT="${REDIS_READY_TIMEOUT:-20}"
STOP_TIMEOUT="${STOP_TIMEOUT:-30}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
POLL=0.25
# The Go toolchain fetched when the machine has no Go >= 1.21 (see go_toolchain).
GO_TOOLCHAIN=go1.24.13
GOPROXY_URL="${GOPROXY_URL:-https://proxy.golang.org}"

# ---------------------------------------------------------------- helpers

say() { printf 'stack: %s\n' "$*"; }
die() { printf 'stack: ERROR: %s\n' "$*" >&2; exit 1; }

now() { printf '%s' "${EPOCHREALTIME/,/.}"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

# Last lines of a component's own log(s), so a failure explains itself.
show_log() {
  local f
  for f in "$@"; do
    # Skip files holding nothing but our "starting" markers (e.g. a quiet stdout).
    grep -qv -e '^=====' -e '^$' "$f" 2>/dev/null || continue
    printf -- '----- last 40 lines of %s -----\n' "$f" >&2
    tail -n 40 "$f" >&2
    printf -- '----- end of %s -----\n' "$f" >&2
  done
}

# Process start time (clock ticks since boot): stored next to each pid so a
# stale pid file can never make us signal an unrelated process that reused it.
proc_start() { awk '{ sub(/^.*\) /, ""); print $20 }' "/proc/$1/stat" 2>/dev/null; }

# pid of component $1 if it is running and is the process we started, else fail.
live_pid() {
  local name=$1 pid start
  [ -f "$RUN/$name.pid" ] || return 1
  pid=$(cat "$RUN/$name.pid" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  [ "$(proc_state "$pid")" != Z ] || return 1
  if [ -f "$RUN/$name.start" ]; then
    start=$(proc_start "$pid")
    [ "$start" = "$(cat "$RUN/$name.start")" ] || return 1
  fi
  printf '%s' "$pid"
}

# Zombies count as gone: in containers whose PID 1 does not reap orphans, a
# dead daemon lingers as a zombie that `kill -0` still reports as alive.
proc_state() { awk '{ sub(/^.*\) /, ""); print $1 }' "/proc/$1/stat" 2>/dev/null; }
group_alive() {
  ps -e -o pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }' ||
    { kill -0 "$1" 2>/dev/null && [ "$(proc_state "$1")" != Z ]; }
}

# Starts "$@" in its own session (so `down` can kill the whole process group and
# no terminal hangup reaches it), output appended to $2, pid recorded as $1.pid.
spawn() {
  local name=$1 log=$2; shift 2
  local pidfile="$RUN/$name.pid" deadline
  rm -f "$pidfile" "$RUN/$name.start"
  mkdir -p "$(dirname "$log")"
  printf '\n===== %s starting at %s =====\n' "$name" "$(date -Is)" >>"$log"
  # $$ of the inner bash is the session (and process group) leader whether or
  # not setsid had to fork, and exec keeps that pid for the real program.
  setsid bash -c 'echo $$ >"$0.tmp" && mv "$0.tmp" "$0" && exec nohup "$@"' \
    "$pidfile" "$@" >>"$log" 2>&1 </dev/null 9>&- &
  deadline=$((SECONDS + 10))
  until [ -s "$pidfile" ]; do
    [ $SECONDS -lt $deadline ] || { show_log "$log"; die "$name: process did not start"; }
    sleep 0.05
  done
  proc_start "$(cat "$pidfile")" >"$RUN/$name.start" || true
}

# TERM the process group, wait up to STOP_TIMEOUT, then KILL what is left.
terminate() {
  local name=$1 pid deadline
  if ! pid=$(live_pid "$name"); then
    rm -f "$RUN/$name.pid" "$RUN/$name.start"
    say "$name: not running"
    return 0
  fi
  say "stopping $name (pid $pid)…"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + STOP_TIMEOUT))
  while group_alive "$pid" && [ $SECONDS -lt $deadline ]; do sleep "$POLL"; done
  if group_alive "$pid"; then
    say "$name: still running after ${STOP_TIMEOUT}s, sending KILL"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 10))
    while group_alive "$pid" && [ $SECONDS -lt $deadline ]; do sleep "$POLL"; done
    group_alive "$pid" && die "$name: pid $pid survived KILL"
  fi
  rm -f "$RUN/$name.pid" "$RUN/$name.start"
  say "$name stopped"
}

port_open() { timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"' "$1" 2>/dev/null; }

port_listening() {
  [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ] || port_open "$1"
}

# Refuses to start on a port somebody else already listens on, with a hint.
require_free_port() {
  local port=$1 what=$2 hint=$3 who
  port_listening "$port" || return 0
  who=$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'users:(.*)' | head -n1 || true)
  die "port $port (for $what) is already in use by another process ${who:-(unknown owner)}; stop it, or $hint"
}

# Polls "$@" until it succeeds; fails early if the component's process died.
# Returns 0 ready, 1 deadline passed, 2 process exited.
wait_ready() {
  local name=$1 timeout=$2; shift 2
  local deadline=$((SECONDS + timeout))
  while :; do
    "$@" && return 0
    live_pid "$name" >/dev/null || return 2
    [ $SECONDS -lt $deadline ] || return 1
    sleep "$POLL"
  done
}

# MongoDB wire-protocol ping: OP_MSG {ping: 1, $db: "admin"}, expecting ok: 1.
# Pure bash so the check works without mongosh or python on a fresh machine.
wire_ping() {
  local reply
  reply=$(timeout 3 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
    printf "\x33\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\xdd\x07\x00\x00\x00\x00\x00\x00\x00\x1e\x00\x00\x00\x10ping\x00\x01\x00\x00\x00\x02\$db\x00\x06\x00\x00\x00admin\x00\x00" >&3
    dd bs=65536 count=1 <&3 2>/dev/null | od -An -v -tx1 | tr -d " \n"
  ' "$1" 2>/dev/null) || return 1
  # "ok" as double 1.0 (FerretDB, mongod) or as int32 1.
  case $reply in
    *016f6b00000000000000f03f* | *106f6b0001000000*) return 0 ;;
    *) return 1 ;;
  esac
}

redis_ping() { [ "$(timeout 2 redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" = PONG ]; }

hash_files() { cat "$@" | sha256sum | cut -d' ' -f1; }

lock() {
  mkdir -p "$RUN"
  exec 9>"$RUN/.lock"
  # Concurrent make targets / test runs would otherwise race on pid files.
  flock -w 600 9 || die "another stack.sh is still running (lock $RUN/.lock)"
}

# ---------------------------------------------------------------- kafka

# Node count and base port: what a running stack was started with wins over
# the environment, so `down`/`status` need no env vars.
kafka_layout() {
  local env_nodes=${KAFKA_NODES:-}
  if [ -f "$RUN/kafka-nodes" ]; then
    K_NODES=$(cat "$RUN/kafka-nodes")
    K_BASE=$(cat "$RUN/kafka-port" 2>/dev/null || echo 9092)
    if [ -n "$env_nodes" ] && [ "$env_nodes" != "$K_NODES" ] && [ "${1:-}" = start ]; then
      die "kafka was started with $K_NODES node(s) but KAFKA_NODES=$env_nodes; run 'scripts/stack.sh down' first"
    fi
    return
  fi
  K_NODES=${env_nodes:-1}
  case $K_NODES in
    1) K_BASE=${KAFKA_PORT:-9092} ;;
    3) K_BASE=${KAFKA_PORT:-9091} ;;
    *) die "KAFKA_NODES must be 1 or 3 (got $K_NODES)" ;;
  esac
}

kafka_port() { echo $((K_BASE + $1 - 1)); }
kafka_ctrl_port() { echo $((K_BASE + 10000 + $1 - 1)); }
kafka_brokers() {
  local i list=""
  for ((i = 1; i <= K_NODES; i++)); do list+="${list:+,}127.0.0.1:$(kafka_port "$i")"; done
  echo "$list"
}

# Jars come from Maven Central via the POM; a marker holding the POM's hash
# makes a POM edit trigger a fresh resolution instead of a stale classpath.
kafka_libs() {
  local want t0 tmp
  want=$(hash_files "$KAFKA_POM")
  if [ -f "$KAFKA_LIBS/.pom-sha256" ] && [ "$(cat "$KAFKA_LIBS/.pom-sha256")" = "$want" ]; then
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found; run scripts/deps.sh"
  t0=$(now)
  say "resolving kafka jars from Maven Central…"
  mkdir -p "$CACHE" "$LOGS"
  tmp="$KAFKA_LIBS.tmp"
  rm -rf "$tmp"
  # Into a temp dir first, so an interrupted download never looks complete.
  if ! mvn -q -B -f "$KAFKA_POM" dependency:copy-dependencies \
      -DoutputDirectory="$tmp" >"$LOGS/kafka-resolve.log" 2>&1; then
    show_log "$LOGS/kafka-resolve.log"
    die "could not resolve kafka jars (see $LOGS/kafka-resolve.log)"
  fi
  echo "$want" >"$tmp/.pom-sha256"
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
  say "kafka jars ready ($(find "$KAFKA_LIBS" -name '*.jar' | wc -l) jars) in $(since "$t0")"
}

kafka_java() {
  # shellcheck disable=SC2086  # KAFKA_HEAP_OPTS is a list of flags
  echo java $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true
}

kafka_write_config() {
  local i=$1 dir=$2 voters="" j rf isr
  for ((j = 1; j <= K_NODES; j++)); do voters+="${voters:+,}$j@127.0.0.1:$(kafka_ctrl_port "$j")"; done
  if [ "$K_NODES" -eq 3 ]; then rf=3; isr=2; else rf=1; isr=1; fi
  cat >"$dir/server.properties" <<EOF
# Generated by scripts/stack.sh; edits are overwritten on the next start.
process.roles=broker,controller
node.id=$i
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:$(kafka_port "$i"),CONTROLLER://127.0.0.1:$(kafka_ctrl_port "$i")
advertised.listeners=PLAINTEXT://127.0.0.1:$(kafka_port "$i")
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
num.partitions=3
default.replication.factor=$rf
min.insync.replicas=$isr
offsets.topic.replication.factor=$rf
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$isr
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
delete.topic.enable=true
EOF
}

# Data dir per topology: a 1-node and a 3-node cluster have different quorum
# voters and cannot share storage.
kafka_node_dir() { echo "$DATA/kafka-${K_NODES}node/node-$1"; }

kafka_format() {
  local i=$1 dir=$2 cid_file="$DATA/kafka-${K_NODES}node/cluster-id" cid
  [ -f "$dir/data/meta.properties" ] && return 0
  if [ ! -s "$cid_file" ]; then
    java -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool random-uuid >"$cid_file.tmp" 2>>"$LOGS/kafka-$i/format.log"
    mv "$cid_file.tmp" "$cid_file"
  fi
  cid=$(tr -d '[:space:]' <"$cid_file")
  # shellcheck disable=SC2046
  if ! $(kafka_java) -Dkafka.logs.dir="$LOGS/kafka-$i" -Dlog4j.configuration="file:$KAFKA_LOG4J" \
      -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool format -t "$cid" -c "$dir/server.properties" \
      >>"$LOGS/kafka-$i/format.log" 2>&1; then
    show_log "$LOGS/kafka-$i/format.log"
    die "kafka-$i: storage format failed"
  fi
}

kafka_started_since() {
  local log=$1 off=$2 size
  [ -f "$log" ] || return 1
  size=$(stat -c %s "$log")
  [ "$size" -ge "$off" ] || off=0 # the log rolled over meanwhile
  tail -c +$((off + 1)) "$log" | grep -q 'Kafka Server started'
}

kafka_ready() { port_open "$1" && kafka_started_since "$2" "$3"; }

# Half-started nodes would make the next `up` believe Kafka is up, and a
# partial quorum is useless anyway: stop all nodes, keep their logs.
kafka_fail() {
  local bad=$1 why=$2 j
  show_log "$LOGS/kafka-$bad/server.log" "$LOGS/kafka-$bad/stdout.log"
  for ((j = 1; j <= K_NODES; j++)); do terminate "kafka-$j" >/dev/null; done
  rm -f "$RUN/kafka-nodes" "$RUN/kafka-port"
  die "kafka-$bad $why"
}

kafka_start() {
  local i n dir t0 pid rc
  declare -A offs=()
  kafka_layout start
  command -v java >/dev/null || die "java not found; run scripts/deps.sh"
  kafka_libs
  local todo=()
  for ((i = 1; i <= K_NODES; i++)); do
    if pid=$(live_pid "kafka-$i"); then continue; fi
    require_free_port "$(kafka_port "$i")" "kafka-$i" "set KAFKA_PORT to another (base) port"
    require_free_port "$(kafka_ctrl_port "$i")" "kafka-$i controller" "set KAFKA_PORT (controller = port + 10000)"
    todo+=("$i")
  done
  echo "$K_NODES" >"$RUN/kafka-nodes"
  echo "$K_BASE" >"$RUN/kafka-port"
  t0=$(now)
  if [ ${#todo[@]} -gt 0 ]; then
    say "starting kafka (${K_NODES} node(s), KRaft) on $(kafka_brokers)…"
  fi
  for i in "${todo[@]}"; do
    dir=$(kafka_node_dir "$i")
    mkdir -p "$dir/data" "$LOGS/kafka-$i"
    kafka_write_config "$i" "$dir"
    kafka_format "$i" "$dir"
    offs[$i]=$(stat -c %s "$LOGS/kafka-$i/server.log" 2>/dev/null || echo 0)
    # shellcheck disable=SC2046
    spawn "kafka-$i" "$LOGS/kafka-$i/stdout.log" $(kafka_java) \
      -Dkafka.logs.dir="$LOGS/kafka-$i" -Dlog4j.configuration="file:$KAFKA_LOG4J" \
      -cp "$KAFKA_LIBS/*" kafka.Kafka "$dir/server.properties"
  done
  # All nodes are started before waiting: a multi-node quorum needs its peers.
  for ((i = 1; i <= K_NODES; i++)); do
    n=${offs[$i]:-}
    if [ -z "$n" ]; then
      # Already running from before: ready means the port answers.
      rc=0
      wait_ready "kafka-$i" "$KAFKA_READY_TIMEOUT" port_open "$(kafka_port "$i")" || rc=$?
    else
      rc=0
      wait_ready "kafka-$i" "$KAFKA_READY_TIMEOUT" \
        kafka_ready "$(kafka_port "$i")" "$LOGS/kafka-$i/server.log" "$n" || rc=$?
    fi
    case $rc in
      0) ;;
      1) kafka_fail "$i" "not ready after ${KAFKA_READY_TIMEOUT}s (KAFKA_READY_TIMEOUT)" ;;
      *) kafka_fail "$i" "exited during startup" ;;
    esac
  done
  if [ ${#todo[@]} -gt 0 ]; then
    say "kafka up on $(kafka_brokers) in $(since "$t0")"
  else
    say "kafka already up on $(kafka_brokers)"
  fi
}

kafka_stop() {
  local i pids=()
  kafka_layout
  # TERM all nodes together: stopping them one by one makes each remaining node
  # re-elect a controller and move leadership, which is slower.
  for ((i = 1; i <= K_NODES; i++)); do
    terminate "kafka-$i" &
    pids+=($!)
  done
  local rc=0
  for i in "${pids[@]}"; do wait "$i" || rc=1; done
  [ $rc -eq 0 ] || die "could not stop kafka"
  rm -f "$RUN/kafka-nodes" "$RUN/kafka-port"
}

kafka_status() {
  local i pid all=0 port
  kafka_layout
  for ((i = 1; i <= K_NODES; i++)); do
    port=$(kafka_port "$i")
    if pid=$(live_pid "kafka-$i") && port_open "$port"; then
      printf '%-8s up    127.0.0.1:%-6s pid %s\n' "kafka-$i" "$port" "$pid"
    else
      printf '%-8s down  127.0.0.1:%-6s\n' "kafka-$i" "$port"
      all=1
    fi
  done
  return $all
}

# ---------------------------------------------------------------- mongo

# A Go new enough for tools/ferretdb/go.mod: the one on the PATH when it is >= 1.21 (it fetches
# the exact toolchain itself), else the pinned toolchain from the Go module proxy, because
# Debian 12's golang-go (1.19) is too old for FerretDB.
go_toolchain() {
  local v dir zip url
  if command -v go >/dev/null && v=$(go env GOVERSION 2>/dev/null) &&
    printf '%s\n' "$v" | awk -F'[go.]+' '{ exit !($2 > 1 || ($2 == 1 && $3 >= 21)) }'; then
    command -v go
    return
  fi
  dir="$CACHE/go-$GO_TOOLCHAIN"
  if [ ! -x "$dir/bin/go" ]; then
    url="$GOPROXY_URL/golang.org/toolchain/@v/v0.0.1-$GO_TOOLCHAIN.linux-$(go_arch).zip"
    say "no Go >= 1.21 on the PATH; fetching $GO_TOOLCHAIN from the Go module proxy…" >&2
    mkdir -p "$CACHE"
    zip="$CACHE/go-toolchain.zip"
    curl -fsSL --retry 3 -o "$zip" "$url" || die "could not download $url"
    rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
    unzip -q "$zip" -d "$dir.tmp" || die "could not unpack $zip"
    mv "$dir.tmp"/golang.org/toolchain@*/ "$dir"
    # Module zips carry no file modes.
    chmod +x "$dir"/bin/* "$dir"/pkg/tool/*/*
    rm -rf "$dir.tmp" "$zip"
  fi
  echo "$dir/bin/go"
}

go_arch() {
  case "$(uname -m)" in
    x86_64) echo amd64 ;;
    aarch64 | arm64) echo arm64 ;;
    *) die "no Go toolchain download for $(uname -m); install Go >= 1.21" ;;
  esac
}

# Rebuild only when the sources or the Go toolchain changed.
ferretdb_build() {
  local want t0 go
  go=$(go_toolchain)
  want=$( { cat "$FERRET_SRC/go.mod" "$FERRET_SRC/go.sum" "$FERRET_SRC"/*.go; "$go" version; } | sha256sum | cut -d' ' -f1)
  if [ -x "$FERRET_BIN" ] && [ "$(cat "$CACHE/ferretdb.sha256" 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  t0=$(now)
  say "building ferretdb (first build downloads modules and takes a few minutes)…"
  mkdir -p "$BIN" "$CACHE" "$LOGS"
  if ! (cd "$FERRET_SRC" && GOFLAGS=-mod=mod "$go" build -o "$FERRET_BIN.tmp" .) >"$LOGS/ferretdb-build.log" 2>&1; then
    show_log "$LOGS/ferretdb-build.log"
    die "ferretdb build failed (see $LOGS/ferretdb-build.log)"
  fi
  mv "$FERRET_BIN.tmp" "$FERRET_BIN"
  echo "$want" >"$CACHE/ferretdb.sha256"
  say "ferretdb built in $(since "$t0")"
}

# MONGO_URI names an external server, unless it is this stack's own address, as in an
# exported .local/stack.env: a server of ours that runs there, or would, is still ours to
# start and stop.
mongo_uri_is_ours() {
  if live_pid mongo >/dev/null; then
    [ "$MONGO_URI" = "$(local_mongo_uri "$(mongo_port)")" ]
  else
    [ "$MONGO_URI" = "$(local_mongo_uri "$MONGO_PORT")" ] && ! port_listening "$MONGO_PORT"
  fi
}

local_mongo_uri() { echo "mongodb://127.0.0.1:$1"; }

# external: MONGO_URI given; mongod: a real mongod is installed; else ferretdb.
mongo_wanted_mode() {
  if [ -n "${MONGO_URI:-}" ] && ! mongo_uri_is_ours; then echo external
  elif command -v mongod >/dev/null; then echo mongod
  else echo ferretdb
  fi
}

mongo_mode() { cat "$RUN/mongo.mode" 2>/dev/null || mongo_wanted_mode; }
mongo_port() { cat "$RUN/mongo.port" 2>/dev/null || echo "$MONGO_PORT"; }

mongo_prepare() { [ "$(mongo_wanted_mode)" != ferretdb ] || ferretdb_build; }

mongo_start() {
  local mode port t0 rc=0 log
  mode=$(mongo_wanted_mode)
  if [ "$mode" = external ]; then
    echo external >"$RUN/mongo.mode"
    printf '%s' "$MONGO_URI" >"$RUN/mongo.uri"
    say "mongo: using external MONGO_URI, starting no server"
    return 0
  fi
  if live_pid mongo >/dev/null; then
    mode=$(mongo_mode); port=$(mongo_port)
  else
    port=$MONGO_PORT
    rm -f "$RUN/mongo.uri"
    require_free_port "$port" "mongo" "set MONGO_PORT to another port, or MONGO_URI to use that server"
    log="$LOGS/$mode.log"
    t0=$(now)
    say "starting mongo ($mode) on 127.0.0.1:$port…"
    if [ "$mode" = mongod ]; then
      mkdir -p "$DATA/mongod"
      spawn mongo "$log" mongod --bind_ip 127.0.0.1 --port "$port" --dbpath "$DATA/mongod"
    else
      ferretdb_build
      mkdir -p "$DATA/ferretdb"
      spawn mongo "$log" "$FERRET_BIN" -listen-addr "127.0.0.1:$port" -sqlite-dir "$DATA/ferretdb"
    fi
    echo "$mode" >"$RUN/mongo.mode"
    echo "$port" >"$RUN/mongo.port"
  fi
  log="$LOGS/$mode.log"
  wait_ready mongo "$MONGO_READY_TIMEOUT" wire_ping "$port" || rc=$?
  case $rc in
    0) if [ -n "${t0:-}" ]; then say "mongo ($mode) up on 127.0.0.1:$port in $(since "$t0")"
       else say "mongo ($mode) already up on 127.0.0.1:$port"; fi ;;
    1) show_log "$log"; terminate mongo >/dev/null; die "mongo ($mode) not answering ping after ${MONGO_READY_TIMEOUT}s (MONGO_READY_TIMEOUT)" ;;
    *) show_log "$log"; rm -f "$RUN/mongo.pid"; die "mongo ($mode) exited during startup" ;;
  esac
}

mongo_stop() {
  if [ "$(cat "$RUN/mongo.mode" 2>/dev/null)" = external ]; then
    say "mongo: external, nothing to stop"
    rm -f "$RUN/mongo.mode" "$RUN/mongo.uri"
    return 0
  fi
  terminate mongo
  rm -f "$RUN/mongo.mode" "$RUN/mongo.port"
}

mongo_status() {
  local mode port pid
  mode=$(mongo_mode); port=$(mongo_port)
  if [ "$mode" = external ]; then
    printf '%-8s up    external (%s)\n' mongo "$(cat "$RUN/mongo.uri" 2>/dev/null || echo "${MONGO_URI:-}")"
    return 0
  fi
  if pid=$(live_pid mongo) && wire_ping "$port"; then
    printf '%-8s up    127.0.0.1:%-6s pid %s (%s)\n' mongo "$port" "$pid" "$mode"
  else
    printf '%-8s down  127.0.0.1:%-6s (%s)\n' mongo "$port" "$mode"
    return 1
  fi
}

mongo_uri() {
  if [ "$(mongo_mode)" = external ]; then cat "$RUN/mongo.uri"
  else local_mongo_uri "$(mongo_port)"
  fi
}

# ---------------------------------------------------------------- redis

redis_port() { cat "$RUN/redis.port" 2>/dev/null || echo "$REDIS_PORT"; }

redis_start() {
  local port t0 rc=0
  command -v redis-server >/dev/null || die "redis-server not found; run scripts/deps.sh"
  if live_pid redis >/dev/null; then
    port=$(redis_port)
  else
    port=$REDIS_PORT
    rm -f "$RUN/redis.external"
    # A Redis somebody else runs is fine to share; we then must never stop it.
    if redis_ping "$port"; then
      touch "$RUN/redis.external"
      echo "$port" >"$RUN/redis.port"
      say "redis: reusing the server already answering on 127.0.0.1:$port (external, will not be stopped)"
      return 0
    fi
    require_free_port "$port" "redis" "set REDIS_PORT to another port"
    mkdir -p "$DATA/redis" "$LOGS"
    t0=$(now)
    say "starting redis on 127.0.0.1:$port…"
    # appendonly: tests stop and restart Redis and expect the data back.
    spawn redis "$LOGS/redis.log" redis-server --bind 127.0.0.1 --port "$port" \
      --daemonize no --protected-mode yes --dir "$DATA/redis" --logfile "" \
      --appendonly yes --save "60 1"
    echo "$port" >"$RUN/redis.port"
  fi
  wait_ready redis "$REDIS_READY_TIMEOUT" redis_ping "$port" || rc=$?
  case $rc in
    0) if [ -n "${t0:-}" ]; then say "redis up on 127.0.0.1:$port in $(since "$t0")"
       else say "redis already up on 127.0.0.1:$port"; fi ;;
    1) show_log "$LOGS/redis.log"; terminate redis >/dev/null; die "redis not answering PING after ${REDIS_READY_TIMEOUT}s (REDIS_READY_TIMEOUT)" ;;
    *) show_log "$LOGS/redis.log"; rm -f "$RUN/redis.pid"; die "redis exited during startup" ;;
  esac
}

redis_stop() {
  if [ -f "$RUN/redis.external" ]; then
    say "redis: external, leaving it running"
    rm -f "$RUN/redis.external" "$RUN/redis.port"
    return 0
  fi
  terminate redis
  rm -f "$RUN/redis.port"
}

redis_status() {
  local port pid
  port=$(redis_port)
  if [ -f "$RUN/redis.external" ]; then
    if redis_ping "$port"; then
      printf '%-8s up    127.0.0.1:%-6s external\n' redis "$port"; return 0
    fi
    printf '%-8s down  127.0.0.1:%-6s external\n' redis "$port"; return 1
  fi
  if pid=$(live_pid redis) && redis_ping "$port"; then
    printf '%-8s up    127.0.0.1:%-6s pid %s\n' redis "$port" "$pid"
  else
    printf '%-8s down  127.0.0.1:%-6s\n' redis "$port"
    return 1
  fi
}

# ---------------------------------------------------------------- commands

# Plain values where possible so the file also works as a GNU make include;
# single quotes only for values (e.g. an external MONGO_URI) that need them.
env_line() {
  if [[ "$2" =~ ^[A-Za-z0-9._:,/@+=-]*$ ]]; then
    printf 'export %s=%s\n' "$1" "$2"
  else
    printf "export %s='%s'\n" "$1" "${2//\'/\'\\\'\'}"
  fi
}

write_env() {
  kafka_layout
  local rf=1
  [ "$K_NODES" -eq 3 ] && rf=3
  {
    echo "# Written by scripts/stack.sh up; removed by scripts/stack.sh down."
    env_line KAFKA_BROKERS "$(kafka_brokers)"
    env_line MONGO_URI "$(mongo_uri)"
    env_line REDIS_ADDR "127.0.0.1:$(redis_port)"
    env_line KAFKA_REPLICATION_FACTOR "$rf"
  } >"$LOCAL/stack.env.tmp"
  mv "$LOCAL/stack.env.tmp" "$LOCAL/stack.env"
}

cmd_up() {
  local t0 bg rc=0
  t0=$(now)
  lock
  mkdir -p "$RUN" "$LOGS" "$DATA" "$CACHE" "$BIN"
  kafka_layout start
  # The two slow first-run steps (network-bound jar download, CPU-bound Go
  # build) overlap; each one is a no-op once its marker matches.
  kafka_libs &
  bg=$!
  (mongo_prepare) || rc=$?
  wait "$bg" || rc=1
  [ $rc -eq 0 ] || die "preparation failed"
  redis_start
  mongo_start
  kafka_start
  write_env
  say "stack up in $(since "$t0"); env in ${LOCAL#"$REPO"/}/stack.env"
}

cmd_down() {
  lock
  # Stop clients-facing services first; Kafka takes longest, run it alongside.
  kafka_stop &
  local k=$! rc=0
  mongo_stop || rc=1
  redis_stop || rc=1
  wait "$k" || rc=1
  rm -f "$LOCAL/stack.env"
  [ $rc -eq 0 ] || die "some components did not stop"
  say "stack down"
}

cmd_status() {
  local rc=0
  kafka_status || rc=1
  mongo_status || rc=1
  redis_status || rc=1
  return $rc
}

cmd_component() {
  local action=$1 name=${2:-}
  lock
  mkdir -p "$RUN" "$LOGS" "$DATA"
  case "$action:$name" in
    stop:redis)
      [ ! -f "$RUN/redis.external" ] || die "redis on port $(redis_port) is external; not stopping it"
      local port
      port=$(redis_port)
      redis_stop
      # The port must really be closed before a test relies on Redis being gone.
      local deadline=$((SECONDS + STOP_TIMEOUT))
      while port_open "$port"; do
        [ $SECONDS -lt $deadline ] || die "redis port $port still open"
        sleep "$POLL"
      done
      # Keep the port record so start-component brings it back where it was.
      echo "$port" >"$RUN/redis.port" ;;
    start:redis)
      REDIS_PORT=$(redis_port) redis_start ;;
    stop:mongo)
      [ "$(mongo_mode)" != external ] || die "mongo is external (MONGO_URI); not stopping it"
      local port mode
      port=$(mongo_port); mode=$(mongo_mode)
      mongo_stop
      local deadline=$((SECONDS + STOP_TIMEOUT))
      while port_open "$port"; do
        [ $SECONDS -lt $deadline ] || die "mongo port $port still open"
        sleep "$POLL"
      done
      echo "$port" >"$RUN/mongo.port"; echo "$mode" >"$RUN/mongo.mode" ;;
    start:mongo)
      MONGO_PORT=$(mongo_port) mongo_start ;;
    stop:kafka)
      kafka_layout
      local n=$K_NODES b=$K_BASE
      kafka_stop
      # Remember the layout so start-component kafka restores the same cluster.
      echo "$n" >"$RUN/kafka-nodes"; echo "$b" >"$RUN/kafka-port" ;;
    start:kafka)
      kafka_start ;;
    *) die "usage: $0 $action-component redis|mongo|kafka" ;;
  esac
}

usage() { sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  stop-component) cmd_component stop "${2:-}" ;;
  start-component) cmd_component start "${2:-}" ;;
  go) go_toolchain ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
