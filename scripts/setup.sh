#!/usr/bin/env bash
# Installs what igdkit needs from Debian 12 packages; does nothing when everything is present.
# scripts/setup.sh --bench adds the packages only the benchmarks use.
# Prints one line per step; apt's own output goes to a log file that is shown only on failure.
set -euo pipefail

packages=(
  # Build: compilers, the Boost parts find_package asks for (headers, Program_options, Test;
  # JSON and URL are header-only builds from their src.hpp), pugixml, and the build cache.
  g++ cmake ninja-build pkg-config ccache lld
  libboost1.81-dev libboost-program-options1.81-dev libboost-test1.81-dev libpugixml-dev
  # Real peers and lab plumbing used by the tests.
  miniupnpc python3-miniupnpc miniupnpd-nftables iproute2 nftables curl
  # GENA and interop peers: GSSDP 1.6, GUPnP 1.6 and GUPnP-IGD through GObject introspection.
  python3-gi gir1.2-gssdp-1.6 gir1.2-gupnp-1.6 gir1.2-gupnpigd-1.0
  # Fuzzing (clang's libFuzzer runtime).
  clang libclang-rt-14-dev
)
# --bench: also what only scripts/bench.sh needs (libminiupnpc as the client baseline, gnuplot for the plots).
case "${1:-}" in
  "") ;;
  --bench) packages+=(libminiupnpc-dev gnuplot-nox) ;;
  *) echo "usage: scripts/setup.sh [--bench]" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present" >&2
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
log="${IGDKIT_SETUP_LOG:-${TMPDIR:-/tmp}/igdkit-setup.log}"
: >"$log"

# Package installs must not start daemons (miniupnpd would otherwise run on real interfaces).
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod +x "$policy"
  made_policy=1
fi
cleanup() { [ "$made_policy" -eq 1 ] && $sudo rm -f "$policy"; true; }
trap cleanup EXIT

step() {
  local what=$1
  shift
  local started=$SECONDS
  if ! "$@" >>"$log" 2>&1; then
    echo "setup: $what failed; the last lines of $log:" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
  echo "setup: $what ($((SECONDS - started)) s)" >&2
}

echo "setup: installing ${#missing[@]} packages: ${missing[*]} (apt log: $log)" >&2
step "apt-get update" $sudo apt-get update -q
step "apt-get install" $sudo env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q --no-install-recommends "${missing[@]}"
