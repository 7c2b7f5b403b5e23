#!/usr/bin/env bash
# Runs every libFuzzer target for <seconds> on a scratch copy of its seed corpus.
# Usage: fuzz/run.sh <seconds> [build-dir]   (build dir defaults to build/fuzz, the `fuzz` preset)
set -euo pipefail
seconds=${1:-5}
here=$(cd "$(dirname "$0")" && pwd)
build=${2:-$here/../build/fuzz}
if [ ! -f "$build/build.ninja" ]; then
    cmake --preset fuzz -S "$here/.." >/dev/null
fi
cmake --build "$build" --target engineio_payload_fuzz socketio_packet_fuzz
declare -A dicts=([engineio_payload_fuzz]=engineio.dict [socketio_packet_fuzz]=socketio.dict)
mkdir -p "$here/artifacts"
for target in engineio_payload_fuzz socketio_packet_fuzz; do
    work=$(mktemp -d)
    cp "$here/corpus/$target/"* "$work/"
    echo "fuzz: $target for ${seconds}s"
    status=0
    "$build/fuzz/$target" -max_total_time="$seconds" -dict="$here/${dicts[$target]}" \
        -artifact_prefix="$here/artifacts/" "$work" >"$work.log" 2>&1 || status=$?
    tail -n 2 "$work.log"
    rm -f "$work.log"
    rm -rf "$work"
    [ "$status" -eq 0 ] || { echo "fuzz: $target failed"; exit "$status"; }
done
echo "fuzz: all targets passed"
