#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite: the dev checks (gcc), then the same suite under
# ASan+UBSan (clang), then every libFuzzer target for a fixed number of inputs. Output ends with
# the fuzz summary, one line per target.
#
# It uses the ci-dev and ci-asan presets: the dev and asan configurations (same warnings as errors,
# same sanitizers, same tests) with the from-scratch build levers of cmake/IgdkitBuildSpeed.cmake
# (per-folder unity batches for the libraries, -g1, lld/gold; under ASan the test drivers and the
# vendored Boost shims at -O0), in build/ci-dev and build/ci-asan. ci-asan is a clang build whose
# libraries also carry libFuzzer's coverage instrumentation, so the fuzz targets come out of the
# same build; `scripts/fuzz.sh --ci` then runs each from its seeds for a fixed count of inputs
# with a fixed libFuzzer seed, as many at a time as there are cores, so a given commit explores
# the same inputs on every run on any machine (a time budget would explore more on a fast idle
# machine than on a busy one, and could fail a commit on another machine only). CI fuzzing guards
# against regressions; long, time-bounded runs of scripts/fuzz.sh look for new bugs. A crash
# fails the run and leaves its input in fuzz/regressions/<target>/.
# Compiles go through ccache (set up by CMakeLists.txt), so a fresh clone of a commit that was
# already built in another folder rebuilds from the cache.
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
  if [[ -d "build/$preset/fuzz" ]]; then
    echo "== $preset: fuzzing each target for its fixed CI count of inputs" >&2
    bash scripts/fuzz.sh --build "build/$preset" --no-build --jobs "$jobs" --ci
  fi
done
