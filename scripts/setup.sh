#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build, run and test Chatter. Idempotent: a
# second run installs nothing and only re-runs `npm ci` where a lock file changed.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(
    build-essential cmake ninja-build pkg-config ccache git
    clang-14 libclang-rt-14-dev clang-format clang-tidy
    libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
    libsqlite3-dev libsodium-dev libspdlog-dev libfmt-dev libcli11-dev
    libcurl4-openssl-dev libmagic-dev liburing-dev
    postgresql libpqxx-dev
    redis-server libhiredis-dev
    googletest libgtest-dev libgmock-dev libbenchmark-dev
    chromium
)

missing=()
for pkg in "${apt_packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done
if ! command -v node >/dev/null 2>&1; then
    missing+=(nodejs npm)
fi

if ((${#missing[@]} > 0)); then
    echo "setup: installing ${missing[*]}"
    sudo_cmd=()
    if [[ $(id -u) -ne 0 ]]; then
        sudo_cmd=(sudo)
    fi
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm ci only when node_modules is missing or older than the lock file.
for dir in web tests tests/realtime; do
    [[ -f "$dir/package-lock.json" ]] || continue
    stamp="$dir/node_modules/.package-lock.json"
    if [[ ! -f "$stamp" || "$dir/package-lock.json" -nt "$stamp" ]]; then
        echo "setup: npm ci in $dir"
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
done
