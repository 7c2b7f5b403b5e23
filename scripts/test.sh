#!/usr/bin/env bash
# Every test of the project, stage by stage; exits non-zero if any stage failed.
# Stages: unit (ASan+UBSan), fuzz smoke, integration, realtime protocol, web unit, browser.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export CHATTERD_BIN="$root/build/asan/chatterd"
export CHATTER_WEB_ROOT="$root/web/dist"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

passed=0
failed=0
failed_stages=()

stage() {
    local name=$1
    shift
    echo
    echo "=== $name: $*"
    if "$@"; then
        passed=$((passed + 1))
        echo "=== $name: passed"
    else
        failed=$((failed + 1))
        failed_stages+=("$name")
        echo "=== $name: FAILED"
    fi
}

stage unit ctest --preset asan --output-on-failure
if [[ -x fuzz/run.sh ]]; then
    stage fuzz-smoke fuzz/run.sh 5
fi
if [[ -d tests/integration ]]; then
    stage integration bash -c "cd tests && node --test --test-concurrency=1 integration/"
fi
if [[ -f tests/realtime/package.json ]]; then
    stage realtime bash -c "cd tests/realtime && npm test"
fi
if grep -q '"test:unit"' web/package.json; then
    stage web-unit bash -c "cd web && npm run test:unit"
fi
if [[ -d web/tests/e2e ]]; then
    stage browser bash -c "cd web && npm run test:e2e"
fi

echo
if ((failed > 0)); then
    echo "failed stages: ${failed_stages[*]}"
fi
echo "stages: $passed passed, $failed failed"
((failed == 0))
