#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite: the dev checks, then the same suite under
# ASan+UBSan. Output ends with CTest's summary line.
#
# It uses the ci-dev and ci-asan presets: the dev and asan configurations (same warnings as errors,
# same sanitizers, same tests) with the from-scratch build levers of cmake/IgdkitBuildSpeed.cmake
# (per-folder unity batches for the libraries, -g1, lld/gold; under ASan the test drivers and the
# vendored Boost shims at -O0), in build/ci-dev and build/ci-asan.
# IGDKIT_TEST_PRESETS="dev asan" runs the plain presets instead (e.g. to reuse build/dev).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
jobs=$(nproc)
read -r -a presets <<<"${IGDKIT_TEST_PRESETS:-ci-dev ci-asan}"

for preset in "${presets[@]}"; do
  echo "== $preset" >&2
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  ctest --preset "$preset" -j "$jobs"
done
