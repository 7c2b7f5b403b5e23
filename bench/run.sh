#!/usr/bin/env bash
# Runs one bench scenario against chatterd and then against the Node reference (bench/node-ref),
# server pinned to one core and the load generator to another, and prints both RESULT lines and
# the ratios. Echo and fanout also run bench/floor_server over epoll and over io_uring (the least
# any server pays for the same traffic) and print the ceilings node/floor and node/floor_uring.
# Loopback only; every run is bounded and stops by itself.
#   bench/run.sh echo    [rate=2000] [clients=100] [duration=10]
#   bench/run.sh fanout  [members=1000] [messages=100]
#   bench/run.sh idle    [clients=9000]
#   bench/run.sh persist [rate=500] [users=100] [duration=10]     (chatterd serve only, no Node peer)
# Environment: BUILD (default build/bench), SERVER_CPU (0), LOADGEN_CPU (1), CHATTERD_THREADS (1:
# network threads of chatterd; one thread on its one pinned core switches with nothing).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/bench}
SERVER_CPU=${SERVER_CPU:-0}
LOADGEN_CPU=${LOADGEN_CPU:-1}
CHATTERD_THREADS=${CHATTERD_THREADS:-1}
CHATTERD=$BUILD/chatterd
LOAD=$BUILD/bench/realtime_load
FLOOR=$BUILD/bench/floor_server
scenario=${1:?usage: bench/run.sh echo|fanout|idle|persist [args]}
shift

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[[ -x $CHATTERD && -x $LOAD && -x $FLOOR ]] || { echo "build first: cmake --preset bench && cmake --build --preset bench" >&2; exit 2; }
if [[ $scenario != persist && ! -d bench/node-ref/node_modules/socket.io ]]; then
    (cd bench/node-ref && npm ci --no-audit --no-fund >/dev/null)
fi

tmp=$(mktemp -d)
server_pid=
cleanup() {
    if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# start_server <log> <command...>: starts it pinned to SERVER_CPU, sets server_pid and port.
start_server() {
    local log=$1
    shift
    taskset -c "$SERVER_CPU" "$@" >"$log" 2>"$log.err" &
    server_pid=$!
    for _ in $(seq 1 200); do
        port=$(sed -n 's#^listening on http://[^:]*:\([0-9]*\).*#\1#p' "$log" | head -1)
        [[ -n $port ]] && return 0
        kill -0 "$server_pid" 2>/dev/null || { cat "$log.err" >&2; return 1; }
        sleep 0.05
    done
    echo "server did not start" >&2
    return 1
}

stop_server() {
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
}

# run_one <label> <load args...>: prints and records the RESULT line of one server.
run_one() {
    local label=$1
    shift
    local out
    out=$(taskset -c "$LOADGEN_CPU" "$LOAD" --port "$port" --server-pid "$server_pid" --label "$label" "$@") || true
    echo "$out"
    echo "$out" | grep '^RESULT' >"$tmp/$label.result" || echo "RESULT none" >"$tmp/$label.result"
}

field() { tr ' ' '\n' <"$tmp/$1.result" | sed -n "s/^$2=//p"; }

ratio() {  # ratio <key> <chatterd/node|node/chatterd> [other label, default node]
    local c n other=${3:-node}
    c=$(field chatterd "$1")
    n=$(field "$other" "$1")
    if [[ -z $c || -z $n ]]; then echo "$1: n/a"; return; fi
    if [[ $2 == chatterd/node ]]; then
        awk -v a="$c" -v b="$n" -v k="$1" -v o="$other" 'BEGIN { printf "%s: chatterd %s, %s %s -> chatterd/%s = %.2fx\n", k, a, o, b, o, (b > 0 ? a / b : 0) }'
    else
        awk -v a="$c" -v b="$n" -v k="$1" -v o="$other" 'BEGIN { printf "%s: chatterd %s, %s %s -> %s/chatterd = %.2fx\n", k, a, o, b, o, (a > 0 ? b / a : 0) }'
    fi
}

# The ceiling of "× Node" on this machine: Node's cost over floor_server's, the least any server
# pays for the same traffic (bench/floor_server.cpp).
ceiling() {  # ceiling <key> [floor label, default floor]
    local n f label=${2:-floor}
    n=$(field node "$1")
    f=$(field "$label" "$1")
    if [[ -z $n || -z $f ]]; then echo "$1 ceiling ($label): n/a"; return; fi
    awk -v a="$n" -v b="$f" -v k="$1" -v l="$label" 'BEGIN { printf "%s: %s %s -> node/%s = %.2fx (a minimal server doing no protocol work: a reference rather than a bound)\n", k, l, b, l, (b > 0 ? a / b : 0) }'
}

side_by_side() {  # side_by_side <load args...>
    start_server "$tmp/chatterd.log" "$CHATTERD" conformance socketio-extended --port 0 --threads "$CHATTERD_THREADS"
    echo "# chatterd conformance socketio-extended --threads $CHATTERD_THREADS (pid $server_pid, port $port, cpu $SERVER_CPU)"
    run_one chatterd "$@"
    stop_server
    sleep 1
    start_server "$tmp/node.log" node bench/node-ref/server.mjs 0
    echo "# node bench/node-ref/server.mjs, socket.io $(node -p 'require("./bench/node-ref/node_modules/socket.io/package.json").version') (pid $server_pid, port $port, cpu $SERVER_CPU)"
    run_one node "$@"
    stop_server
    if [[ ${WITH_FLOOR:-0} == 1 ]]; then
        sleep 1
        start_server "$tmp/floor.log" "$FLOOR" 0
        echo "# floor_server (pid $server_pid, port $port, cpu $SERVER_CPU): the least any server pays"
        run_one floor "$@"
        stop_server
        sleep 1
        start_server "$tmp/floor_uring.log" "$FLOOR" 0 --uring
        echo "# floor_server --uring (pid $server_pid, port $port, cpu $SERVER_CPU): the same over io_uring, no syscall per socket"
        run_one floor_uring "$@"
        stop_server
    fi
}

echo "# $(date -u +%FT%TZ) nproc=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg) ulimit_n=$(ulimit -n)"
case $scenario in
echo)
    rate=${1:-2000} clients=${2:-100} duration=${3:-10}
    WITH_FLOOR=1 side_by_side --scenario echo --rate "$rate" --clients "$clients" --duration "$duration" --warmup 2
    echo "# ratios (echo with ack at $rate msgs/s, $clients clients)"
    ratio msgs_per_server_cpu_s chatterd/node
    ratio server_cpu_us_per_msg node/chatterd
    ratio p50_ms node/chatterd
    ratio p99_ms node/chatterd
    ratio p999_ms node/chatterd
    ratio server_cpu_us_per_msg floor/chatterd floor
    ceiling server_cpu_us_per_msg
    ceiling server_cpu_us_per_msg floor_uring
    ceiling p99_ms
    ceiling p99_ms floor_uring
    ;;
fanout)
    members=${1:-1000} messages=${2:-100}
    WITH_FLOOR=1 side_by_side --scenario fanout --clients "$members" --messages "$messages" --window 4 --concurrency 128
    echo "# ratios (fan-out to $members members, $messages messages)"
    ratio deliveries_per_server_cpu_s chatterd/node
    ratio server_cpu_us_per_delivery node/chatterd
    ratio deliveries_per_s chatterd/node
    ratio p99_ms node/chatterd
    ratio server_cpu_us_per_delivery floor/chatterd floor
    ceiling server_cpu_us_per_delivery
    ceiling server_cpu_us_per_delivery floor_uring
    ceiling p99_ms
    ceiling p99_ms floor_uring
    ;;
idle)
    clients=${1:-9000}
    side_by_side --scenario idle --clients "$clients" --concurrency 128
    echo "# ratios (idle connections: $clients)"
    ratio rss_per_conn_kib node/chatterd
    ;;
persist)
    rate=${1:-500} users=${2:-100} duration=${3:-10}
    mkdir -p "$tmp/data"
    start_server "$tmp/chatterd.log" "$CHATTERD" serve --listen 127.0.0.1:0 --data-dir "$tmp/data" \
        --register-per-ip-per-hour 100000 --log-level warn
    echo "# chatterd serve (pid $server_pid, port $port, cpu $SERVER_CPU, fresh data dir); no Node peer: the reference app has no database"
    run_one chatterd --scenario persist --rate "$rate" --users "$users" --group-size 5 --duration "$duration" --warmup 2
    stop_server
    ;;
*)
    echo "unknown scenario $scenario" >&2
    exit 2
    ;;
esac
