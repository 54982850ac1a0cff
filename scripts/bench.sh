#!/usr/bin/env bash
# Builds the benchmarks in an optimised build (release preset, build/release) and runs them.
# Extra arguments go to forward_throughput, e.g. scripts/bench.sh --megabytes 1024; then
# event_latency (GENA change -> callback, subscriptions held).
# Loopback traffic only.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${JOBS:-$(nproc)}

cmake --preset release -DIGDKIT_BUILD_BENCH=ON >/dev/null
cmake --build build/release --target forward_throughput event_latency -j "$jobs"
build/release/bench/forward_throughput "$@"
build/release/bench/event_latency
