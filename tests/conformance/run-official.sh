#!/usr/bin/env bash
# Runs one of the official Socket.IO compliance suites against `chatterd conformance`.
# The suites live in the socket.io monorepo (docs/engine.io-protocol/v4-test-suite and
# docs/socket.io-protocol/v5-test-suite) and are not published on npm, so they are not vendored
# here; tests/realtime holds our own tests of the same cases, which `make test` runs.
#
# Usage: CHATTERD_BIN=build/asan/chatterd tests/conformance/run-official.sh engineio|socketio <suite-dir>
# <suite-dir> must contain test-suite.js with its dependencies installed (npm ci).
# The suites hard-code http://localhost:3000, so port 3000 must be free.
set -euo pipefail
mode=${1:?mode: engineio or socketio}
suite=${2:?path to the suite directory}
bin=${CHATTERD_BIN:?set CHATTERD_BIN to the chatterd binary}

"$bin" conformance "$mode" --port 3000 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
    if (exec 3<>/dev/tcp/127.0.0.1/3000) 2>/dev/null; then
        break
    fi
    sleep 0.1
done
cd "$suite"
npx mocha test-suite.js
