#!/usr/bin/env bash
# Runs every libFuzzer target for <seconds> on a scratch copy of its seed corpus.
# Usage: fuzz/run.sh <seconds>   (builds with the `fuzz` preset into build/fuzz)
set -euo pipefail
seconds=${1:-5}
here=$(cd "$(dirname "$0")" && pwd)
build=$here/../build/fuzz
if [ ! -f "$build/build.ninja" ]; then
    (cd "$here/.." && cmake --preset fuzz >/dev/null)
fi
targets=(engineio_payload_fuzz socketio_packet_fuzz ws_frame_fuzz json_body_fuzz http_request_fuzz multipart_fuzz cluster_message_fuzz)
cmake --build "$build" --target "${targets[@]}"
declare -A dicts=([engineio_payload_fuzz]=engineio.dict [socketio_packet_fuzz]=socketio.dict [ws_frame_fuzz]=ws_frame.dict [json_body_fuzz]=json.dict [http_request_fuzz]=http.dict [multipart_fuzz]=multipart.dict [cluster_message_fuzz]=cluster.dict)
mkdir -p "$here/artifacts"
for target in "${targets[@]}"; do
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
