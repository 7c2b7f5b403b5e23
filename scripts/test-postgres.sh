#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests: initdb into a fresh temporary directory, listening
# on 127.0.0.1 on a free port (its unix socket inside that directory), no fsync (the data dies
# with the tests).
#
#   scripts/test-postgres.sh start STATE   start one; STATE gets the lines url=... and dir=...
#   scripts/test-postgres.sh stop STATE    stop it and remove its directory and STATE
#   scripts/test-postgres.sh halt STATE    stop the server but keep its data (a database outage)
#   scripts/test-postgres.sh resume STATE  start a halted server again on the same port
#   scripts/test-postgres.sh run CMD...    start one, run CMD with CHATTER_TEST_POSTGRES_URL set,
#                                          stop it (also when CMD fails or is interrupted)
#
# initdb refuses to run as root: as root the server runs as the `postgres` user that Debian's
# package creates, otherwise as the current user. Exits non-zero when the server cannot start.
set -euo pipefail

bin_dir=${POSTGRES_BIN_DIR:-/usr/lib/postgresql/15/bin}

as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

state_value() {
    sed -n "s/^$2=//p" "$1" 2>/dev/null | head -n 1
}

port_in_use() {
    ss -Htln "sport = :$1" 2>/dev/null | grep -q .
}

start() {
    local state=$1
    if [[ ! -x $bin_dir/initdb ]]; then
        echo "test-postgres: no $bin_dir/initdb (install postgresql: scripts/setup.sh)" >&2
        return 1
    fi
    local dir
    dir=$(mktemp -d "${TMPDIR:-/tmp}/chatter-pg-XXXXXX")
    chmod 700 "$dir"
    if [[ $(id -u) -eq 0 ]]; then
        chown postgres: "$dir"
    fi
    # The state file first, so `stop` can remove the directory even if the start fails half-way.
    printf 'dir=%s\n' "$dir" >"$state"
    if ! as_owner "$bin_dir/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1; then
        echo "test-postgres: initdb failed:" >&2
        cat "$dir/initdb.log" >&2
        return 1
    fi
    local attempt port
    for attempt in $(seq 1 20); do
        port=$((20000 + RANDOM % 40000))
        port_in_use "$port" && continue
        # Another process may take the port between the check and the bind; then the next
        # attempt picks another.
        if serve "$dir" "$port"; then
            printf 'dir=%s\nport=%s\nurl=postgresql://postgres@127.0.0.1:%s/postgres\n' "$dir" "$port" "$port" \
                >"$state"
            echo "postgresql://postgres@127.0.0.1:$port/postgres"
            return 0
        fi
        echo "test-postgres: start on port $port failed (attempt $attempt)" >&2
    done
    echo "test-postgres: the server did not start; its log:" >&2
    cat "$dir/server.log" >&2 || true
    return 1
}

# -w waits until the server accepts connections.
serve() {
    as_owner "$bin_dir/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 60 start -o \
        "-c listen_addresses=127.0.0.1 -p $2 -k $1 -c fsync=off -c synchronous_commit=off \
         -c full_page_writes=off -c max_connections=200" >/dev/null
}

halt() {
    as_owner "$bin_dir/pg_ctl" -D "$(state_value "$1" dir)/data" -m fast -w stop >/dev/null
}

resume() {
    serve "$(state_value "$1" dir)" "$(state_value "$1" port)"
}

stop() {
    local state=$1 dir
    [[ -f $state ]] || return 0
    dir=$(state_value "$state" dir)
    if [[ -n $dir && -d $dir ]]; then
        if [[ -f $dir/data/postmaster.pid ]]; then
            as_owner "$bin_dir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
        fi
        rm -rf "$dir"
    fi
    rm -f "$state"
}

run() {
    # Global, not local: the EXIT trap runs after this function has returned.
    run_state=$(mktemp "${TMPDIR:-/tmp}/chatter-pg-state-XXXXXX")
    trap 'stop "$run_state"' EXIT
    trap 'exit 130' INT TERM
    CHATTER_TEST_POSTGRES_URL=$(start "$run_state") || return 1
    export CHATTER_TEST_POSTGRES_URL
    "$@"
}

case ${1:-} in
start)
    [[ $# -eq 2 ]] || { echo "usage: $0 start STATE" >&2; exit 2; }
    start "$2" || { stop "$2"; exit 1; }
    ;;
stop | halt | resume)
    [[ $# -eq 2 ]] || { echo "usage: $0 $1 STATE" >&2; exit 2; }
    "$1" "$2"
    ;;
run)
    shift
    [[ $# -ge 1 ]] || { echo "usage: $0 run CMD..." >&2; exit 2; }
    run "$@"
    ;;
*)
    echo "usage: $0 start STATE | stop STATE | halt STATE | resume STATE | run CMD..." >&2
    exit 2
    ;;
esac
