#!/usr/bin/env bash
# The main job: sets up, builds, starts a simulated router on loopback, discovers it with
# igdctl, maps a port, lists and deletes it, then stops the router. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target igdctl simrouter_app >/dev/null
bin=build/release

work=$(mktemp -d)
router_pid=""
cleanup() {
  [ -n "$router_pid" ] && kill "$router_pid" 2>/dev/null && wait "$router_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

"$bin/simrouter/app/simrouter" --lan 127.0.0.1 --ssdp-port 0 --http-port 0 --ready-file "$work/ready.json" &
router_pid=$!
for _ in $(seq 100); do [ -s "$work/ready.json" ] && break; sleep 0.05; done
[ -s "$work/ready.json" ] || { echo "demo: simrouter did not become ready" >&2; exit 1; }
ssdp=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ssdp"])' "$work/ready.json")

step() { printf '\n$ %s\n' "$*"; "$@"; }
step "$bin/tools/igdctl" discover --unicast "$ssdp" --timeout 2000
step "$bin/tools/igdctl" --unicast "$ssdp" status
step "$bin/tools/igdctl" --unicast "$ssdp" add --internal-client 127.0.0.1 --internal-port 8080 --external-port 8080 --protocol TCP --lease 3600 --description "igdkit demo"
step "$bin/tools/igdctl" --unicast "$ssdp" list
step "$bin/tools/igdctl" --unicast "$ssdp" delete --external-port 8080 --protocol TCP
step "$bin/tools/igdctl" --unicast "$ssdp" list
echo
echo "demo: done"
