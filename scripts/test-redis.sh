#!/usr/bin/env bash
# A throw-away redis-server for tests: 127.0.0.1 only, a free port, no persistence, everything
# (pid file, log) in one directory. Fails loudly when Redis cannot start: tests never skip it.
#
#   scripts/test-redis.sh start DIR          # starts it; prints the URL and writes it to DIR/url
#   scripts/test-redis.sh stop DIR           # stops it and removes DIR
#   scripts/test-redis.sh restart DIR        # stops it and starts it again on the same port
#   scripts/test-redis.sh exec DIR CMD...    # runs CMD with CHATTER_TEST_REDIS_URL set from DIR/url
set -euo pipefail

usage() {
    echo "usage: $0 start|stop|restart DIR | exec DIR CMD..." >&2
    exit 2
}

[[ $# -ge 2 ]] || usage
command=$1
dir=$2
shift 2

pid_of() {
    [[ -s "$dir/redis.pid" ]] && cat "$dir/redis.pid"
}

answers() {
    redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null | grep -q PONG
}

# Starts redis-server on port $1; 0 once it answers PING, 1 when it could not start.
launch() {
    local port=$1
    rm -f "$dir/redis.pid"
    : >"$dir/redis.log"
    redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$dir" \
        --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null
    for _ in $(seq 200); do
        if answers "$port"; then
            echo "redis://127.0.0.1:$port" >"$dir/url"
            echo "$port" >"$dir/port"
            return 0
        fi
        if grep -q -e 'Address already in use' -e 'Could not create server TCP' "$dir/redis.log"; then
            return 1
        fi
        sleep 0.05
    done
    return 1
}

# SHUTDOWN NOSAVE, then waits for the pid file to go (a daemon's zombie may outlive it where
# nothing reaps orphans); SIGKILL after 5 s.
halt() {
    local pid port
    pid=$(pid_of) || return 0
    port=$(cat "$dir/port" 2>/dev/null) || port=
    if [[ -n $port ]]; then
        redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    else
        kill "$pid" 2>/dev/null || true
    fi
    for _ in $(seq 100); do
        if [[ ! -e "$dir/redis.pid" ]] || ! kill -0 "$pid" 2>/dev/null; then
            return 0
        fi
        sleep 0.05
    done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$dir/redis.pid"
}

case $command in
    start)
        if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
            echo "test-redis: redis-server is not installed (scripts/setup.sh installs it)" >&2
            exit 1
        fi
        mkdir -p "$dir"
        halt
        for _ in $(seq 20); do
            port=$((20000 + RANDOM % 40000))
            # Something already listens there: another port.
            if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
                continue
            fi
            if launch "$port"; then
                cat "$dir/url"
                exit 0
            fi
            halt
        done
        echo "test-redis: redis-server did not start; its log:" >&2
        cat "$dir/redis.log" >&2 || true
        exit 1
        ;;
    stop)
        halt
        rm -rf "$dir"
        ;;
    restart)
        port=$(cat "$dir/port")
        halt
        for _ in $(seq 40); do
            launch "$port" && exit 0
            sleep 0.1
        done
        echo "test-redis: redis-server did not start again on port $port" >&2
        exit 1
        ;;
    exec)
        [[ $# -ge 1 ]] || usage
        if [[ ! -s "$dir/url" ]]; then
            echo "test-redis: no Redis was started in $dir" >&2
            exit 1
        fi
        CHATTER_TEST_REDIS_URL=$(cat "$dir/url")
        export CHATTER_TEST_REDIS_URL
        exec "$@"
        ;;
    *)
        usage
        ;;
esac
