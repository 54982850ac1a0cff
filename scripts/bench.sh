#!/usr/bin/env bash
# scripts/bench.sh [--smoke] [--no-build] — builds the benchmarks in the release preset (build/release) and runs
# every scenario beside its baseline, measured in the same run (docs/benchmarks.md):
#   control_round_trip  igdkit vs libminiupnpc vs a loopback floor (in process); igdctl vs upnpc (processes)
#   server_throughput   keep-alive SOAP load, 1/8/64 clients: simrouter on loopback vs miniupnpd in a namespace lab
#   scale               per-operation latency and bytes per mapping from 1k to 131,070 mappings, every lab
#                       mode; miniupnpd's table in the namespace lab as far as it goes
#   discovery           igdctl vs upnpc -s by multicast inside a namespace lab, vs one UDP + one HTTP exchange
#   data_path           the lab's userspace forwarder vs direct loopback
# Writes bench/results/latest.json, latest.md and one PNG per scenario; --smoke runs everything briefly
# into bench/results/smoke/ instead, so a smoke run never overwrites the full run's files.
# Traffic goes only to loopback or into network namespaces this script creates and removes on exit.
# Parts that need root, miniupnpd, upnpc or libminiupnpc are skipped, with the reason in the results.
# --no-build measures the binaries already in build/release. JOBS=N sets the build's parallelism
# (default: all CPUs).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

run=full build=yes
for arg in "$@"; do
  case $arg in
    --smoke) run=smoke ;;
    --no-build) build=no ;;
    -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "usage: scripts/bench.sh [--smoke] [--no-build]" >&2; exit 2 ;;
  esac
done

if [ "$run" = smoke ]; then
  results=bench/results/smoke
  control_repeats=20 process_repeats=3
  load_ops=300 load_seconds=0.3
  # 64 clients keep miniupnpd busy for seconds per operation: the smoke run stops at 8.
  mini_clients="1 8"
  scale_sizes="1000 5000" scale_samples=20 scale_list_samples=3 scale_fill_seconds=20
  mini_scale_sizes="10 20" mini_samples=3 mini_list_samples=2 mini_fill_seconds=10
  discovery_repeats=2
  forward_args=(--megabytes 16 --repeat 2 --datagrams 3000)
else
  results=bench/results
  control_repeats=300 process_repeats=20
  load_ops=20000 load_seconds=4
  mini_clients="1 8 64"
  # The fill is capped per mode (BENCH_SCALE_FILL_SECONDS); the results say how far it got.
  scale_sizes="1000 10000 131070" scale_samples=200 scale_list_samples=20
  scale_fill_seconds=${BENCH_SCALE_FILL_SECONDS:-60}
  # miniupnpd's requests slow down with every mapping it holds (docs/benchmarks.md), so its sweep
  # stops at a size it reaches in a bounded time; the fill cap reports how far it got.
  mini_scale_sizes="25 100" mini_samples=5 mini_list_samples=3 mini_fill_seconds=60
  discovery_repeats=10
  forward_args=(--megabytes 256 --repeat 5 --datagrams 100000)
fi

# ---- helpers ----------------------------------------------------------------------------------
# wait_for, stop_pid, now_us and the namespace lab (which needs lib.sh first).
. tests/peers/lib.sh
. tests/peers/netns_lab.sh
PEERS_NAME=bench

bin=build/release
simrouter_bin=$bin/simrouter/app/simrouter
igdctl_bin=$bin/tools/igdctl/igdctl
[ -x "$igdctl_bin" ] || igdctl_bin=$bin/tools/igdctl
parts=$(mktemp -d /tmp/igdkit-bench.XXXXXX)
BENCH_PIDS=()
LAB_PART_IDS=()
cleanup() {
  local pid id
  for pid in "${BENCH_PIDS[@]}"; do stop_pid "$pid"; done
  for id in "${LAB_PART_IDS[@]}"; do remove_lab_leftovers "$id"; done
  [ -n "${BENCH_KEEP:-}" ] || rm -rf "$parts"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

note() { printf '[bench +%ds] %s\n' "$SECONDS" "$*" >&2; }
# skipped NAME... REASON : records why these parts did not run (assemble.py reports it)
skipped() {
  local reason=${*: -1} name
  for name in "${@:1:$#-1}"; do printf '%s\n' "$reason" >"$parts/$name.skip"; done
  note "skipped ${*:1:$#-1}: $reason"
}

# sim_process NAME ARGS... : simrouter on 127.0.0.1 (ephemeral ports), waited for through its ready
# file; sets SIM_PID and SIM_URL. Returns 1 (its stderr in $parts/NAME.err) if it exits instead.
sim_process() {
  local name=$1; shift
  rm -f "$parts/$name.ready"
  "$simrouter_bin" --lan 127.0.0.1 --ssdp-port 0 --http-port 0 --no-admin --no-stun \
    --ready-file "$parts/$name.ready" "$@" >"$parts/$name.out" 2>"$parts/$name.err" &
  SIM_PID=$!
  BENCH_PIDS+=("$SIM_PID")
  _ready_or_gone() { grep -qs '}' "$parts/$name.ready" || ! kill -0 "$SIM_PID" 2>/dev/null; }
  wait_for 10 _ready_or_gone || { note "simrouter $name: no ready file within 10 s"; return 1; }
  grep -qs '}' "$parts/$name.ready" || { wait "$SIM_PID" 2>/dev/null || true; return 1; }
  SIM_URL=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["location"])' "$parts/$name.ready")
  case $SIM_URL in
    http://127.0.0.1:*) ;;
    *) note "simrouter location $SIM_URL is not on loopback"; return 1 ;;
  esac
}
sim_process_stop() { stop_pid "$SIM_PID"; }

# time_runs FILE REPEATS CMD... : runs CMD REPEATS times, appending each run's wall time in
# milliseconds to FILE; a failing run fails the whole measurement. Every command timed is bounded
# by `bounded` (below), so a hung peer cannot hold the run.
time_runs() {
  local file=$1 repeats=$2 i started elapsed; shift 2
  for ((i = 0; i < repeats; i++)); do
    started=$(now_us)
    if ! "$@" >>"$parts/commands.log" 2>&1; then
      note "failed: $* (see below)"; tail -n 5 "$parts/commands.log" >&2
      return 1
    fi
    elapsed=$(($(now_us) - started))
    printf '%d.%03d\n' $((elapsed / 1000)) $((elapsed % 1000)) >>"$file"
  done
}

# remove_lab_leftovers LAB_ID : what a lab part left if it was killed before its own trap ran: the
# processes in its namespaces (all started by it), the namespaces and the lab's folder.
remove_lab_leftovers() {
  local id=$1 ns pid
  for ns in "igdp-lan-$id" "igdp-rtr-$id" "igdp-wan-$id"; do
    [ -e "/run/netns/$ns" ] || continue
    note "removing $ns, left behind by a lab part that did not finish"
    for pid in $(ip netns pids "$ns" 2>/dev/null); do stop_pid "$pid"; done
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "/etc/netns/$ns"
  done
  rmdir /etc/netns 2>/dev/null || true
  if [ -s "$parts/lab-dir.$id" ]; then
    rm -rf "$(cat "$parts/lab-dir.$id")"
    rm -f "$parts/lab-dir.$id"
  fi
}

# lab_part SKIP_NAMES FUNCTION : FUNCTION in a subshell with its own namespace lab, removed on exit
# whatever happens; a lab skip (not root, no miniupnpd, ...) or failure is recorded for each name.
lab_part_counter=0
lab_part() {
  lab_part_once "$@" && return 0
  # 137: something outside this script SIGKILLed the part (seen on a shared machine); once more.
  [ "$?" -eq 137 ] || return 0
  note "lab part $2 was killed (SIGKILL from outside); running it once more"
  lab_part_once "$@" || true
}
lab_part_once() {
  local names=$1 fn=$2 rc id name
  # A retry starts clean: no skip note or half-written timings from the attempt before.
  for name in $names; do rm -f "$parts/$name.skip" "$parts/$name.json" "$parts/${name}"_*.ms; done
  lab_part_counter=$((lab_part_counter + 1))
  id=$(( ($$ % 100000) * 10 + lab_part_counter ))
  LAB_PART_IDS+=("$id")
  set +e
  (
    set -e
    LAB_ID=$id
    NS_LAN=igdp-lan-$LAB_ID NS_RTR=igdp-rtr-$LAB_ID NS_WAN=igdp-wan-$LAB_ID
    skip() { printf '%s\n' "$*" >"$parts/lab.reason"; exit "$PEERS_SKIP"; }
    fail() { printf 'failed: %s\n' "$*" >"$parts/lab.reason"; exit 1; }
    trap lab_down EXIT
    "$fn"
  )
  rc=$?
  set -e
  remove_lab_leftovers "$id"
  if [ "$rc" -ne 0 ]; then
    local reason="failed (exit $rc)"
    [ "$rc" -eq 137 ] && reason="killed by SIGKILL from outside the script"
    [ -s "$parts/lab.reason" ] && reason=$(cat "$parts/lab.reason")
    # shellcheck disable=SC2086
    skipped $names "$reason"
  fi
  rm -f "$parts/lab.reason"
  return "$rc"
}

have_upnpc() { command -v upnpc >/dev/null 2>&1; }
bounded() { timeout 30 "$@"; }

# ---- build ------------------------------------------------------------------------------------
if [ "$build" = yes ]; then
  bash scripts/setup.sh --bench
  note "building (release preset, build/release)"
  cmake --preset release -DIGDKIT_BUILD_BENCH=ON >/dev/null
  # Niced: the build yields to whatever else runs, and costs nothing on an idle machine.
  nice -n 15 cmake --build build/release -j "${JOBS:-$(nproc)}" --target forward_throughput control_round_trip \
    load_generator scale discovery_floor simrouter_app igdctl >"$parts/build.log" 2>&1 ||
    { tail -n 40 "$parts/build.log" >&2; exit 1; }
fi
for b in forward_throughput control_round_trip load_generator scale discovery_floor; do
  [ -x "$bin/bench/$b" ] || { note "no $bin/bench/$b: build first (without --no-build)"; exit 1; }
done
[ -x "$simrouter_bin" ] || { note "no simrouter at $simrouter_bin"; exit 1; }
started_all=$SECONDS

# ---- 1. control_round_trip --------------------------------------------------------------------
note "control_round_trip: in process, $control_repeats repeats"
"$bin/bench/control_round_trip" --json --repeats "$control_repeats" >"$parts/control.json" \
  || skipped control "control_round_trip failed"

note "control_round_trip: whole processes against a simrouter process, $process_repeats repeats"
if ! have_upnpc; then
  skipped process "upnpc not installed (Debian miniupnpc)"
elif sim_process control; then
  igdctl_add_delete() {
    bounded "$igdctl_bin" --url "$SIM_URL" add --internal-port 41000 --external-port 41000 --protocol TCP &&
      bounded "$igdctl_bin" --url "$SIM_URL" delete --external-port 41000 --protocol TCP
  }
  upnpc_add_delete() {
    bounded upnpc -u "$SIM_URL" -a 127.0.0.1 41001 41001 TCP && bounded upnpc -u "$SIM_URL" -d 41001 TCP
  }
  time_runs "$parts/process_igdctl_external_ip.ms" "$process_repeats" bounded "$igdctl_bin" --url "$SIM_URL" external-ip &&
    time_runs "$parts/process_upnpc_status.ms" "$process_repeats" bounded upnpc -u "$SIM_URL" -s &&
    time_runs "$parts/process_igdctl_add_delete.ms" "$process_repeats" igdctl_add_delete &&
    time_runs "$parts/process_upnpc_add_delete.ms" "$process_repeats" upnpc_add_delete ||
    skipped process "a whole-process run failed"
  sim_process_stop
else
  skipped process "simrouter did not start: $(tail -n 3 "$parts/control.err")"
fi

# ---- 2. server_throughput (simrouter part) ----------------------------------------------------
load_args=(--json --action get-external-ip get-generic-entry add-delete --max-ops "$load_ops" --max-seconds "$load_seconds")
note "server_throughput: simrouter on loopback"
if sim_process throughput; then
  "$bin/bench/load_generator" --url "$SIM_URL" "${load_args[@]}" --clients 1 8 64 >"$parts/throughput_simrouter.json" ||
    skipped throughput_simrouter "load_generator failed"
  sim_process_stop
else
  skipped throughput_simrouter "simrouter did not start"
fi

# ---- 3. scale (simrouter part) ----------------------------------------------------------------
# A full table needs the per-client cap lifted; a simrouter that does not know that key yet gets
# the mappings spread over internal clients 127.a.b.1, 64 each (its default cap), instead.
scale_config() { # MODE WITH_PER_CLIENT_KEY
  local per_client=""
  [ "$2" = yes ] && per_client='"max_mappings_per_client": 140000, '
  printf '{"mode": "%s", "max_mappings": 140000, %s"secure_mode": false, "allowed_ranges": ["allow 1-65535 127.0.0.0/8 1-65535"]}\n' \
    "$1" "$per_client" >"$parts/scale-$1.config.json"
}
for mode in nat cgnat double-nat no-nat; do
  note "scale: simrouter --mode $mode, sizes $scale_sizes"
  per_client_args=()
  scale_config "$mode" yes
  if ! sim_process "scale-$mode" --config "$parts/scale-$mode.config.json"; then
    if grep -qs max_mappings_per_client "$parts/scale-$mode.err"; then
      note "scale: this simrouter has no max_mappings_per_client yet; spreading over 64 mappings per internal client"
      scale_config "$mode" no
      per_client_args=(--per-client 64)
      sim_process "scale-$mode" --config "$parts/scale-$mode.config.json" ||
        { skipped "scale_$mode" "simrouter did not start: $(tail -n 2 "$parts/scale-$mode.err")"; continue; }
    else
      skipped "scale_$mode" "simrouter did not start: $(tail -n 2 "$parts/scale-$mode.err")"
      continue
    fi
  fi
  # shellcheck disable=SC2086
  "$bin/bench/scale" --url "$SIM_URL" --pid "$SIM_PID" --label "$mode" --sizes $scale_sizes \
    --samples "$scale_samples" --list-samples "$scale_list_samples" --max-fill-seconds "$scale_fill_seconds" \
    "${per_client_args[@]}" --json >"$parts/scale_$mode.json" || skipped "scale_$mode" "scale failed"
  sim_process_stop
done

# ---- miniupnpd in the namespace lab: discovery, server_throughput, scale ----------------------
# discovery_runs ROUTER : igdctl and upnpc from the LAN namespace, both discovering by multicast
discovery_runs() {
  local router=$1
  time_runs "$parts/discovery_${router}_igdctl.ms" "$discovery_repeats" \
    bounded ip netns exec "$NS_LAN" "$root/$igdctl_bin" external-ip
  if have_upnpc; then
    time_runs "$parts/discovery_${router}_upnpc.ms" "$discovery_repeats" bounded ip netns exec "$NS_LAN" upnpc -s
  fi
}
# Each lab part tells the parent its folder, for remove_lab_leftovers.
lab_up_recorded() {
  lab_up
  printf '%s\n' "$LAB_DIR" >"$parts/lab-dir.$LAB_ID"
}
# A fresh miniupnpd for each: an overloaded run can leave mappings behind (an add answered after the
# client timed out), and every mapping miniupnpd holds slows all its requests down.
miniupnpd_load_lab() {
  lab_preflight
  lab_up_recorded
  lab_start_miniupnpd
  note "discovery: igdctl and upnpc -s against miniupnpd, $discovery_repeats runs each"
  discovery_runs miniupnpd
  note "server_throughput: miniupnpd, clients $mini_clients"
  # shellcheck disable=SC2086
  nsx "$NS_LAN" "$root/$bin/bench/load_generator" --url "$LAB_ROOTDESC" "${load_args[@]}" --clients $mini_clients \
    >"$parts/throughput_miniupnpd.json"
}
miniupnpd_scale_lab() {
  lab_preflight
  lab_up_recorded
  lab_start_miniupnpd
  note "scale: miniupnpd, sizes $mini_scale_sizes (ports 1024 and up: its rules)"
  # shellcheck disable=SC2086
  nsx "$NS_LAN" "$root/$bin/bench/scale" --url "$LAB_ROOTDESC" --pid "$MINIUPNPD_PID" --label miniupnpd \
    --sizes $mini_scale_sizes --first-port 1024 --samples "$mini_samples" --list-samples "$mini_list_samples" \
    --max-fill-seconds "$mini_fill_seconds" --json >"$parts/scale_miniupnpd.json"
}
note "miniupnpd lab: discovery, server_throughput"
lab_part "discovery_miniupnpd throughput_miniupnpd" miniupnpd_load_lab
note "miniupnpd lab: scale"
lab_part scale_miniupnpd miniupnpd_scale_lab

# ---- 4. discovery against simrouter in the namespace lab, and the floor -----------------------
simrouter_discovery_lab() {
  [ "$(id -u)" -eq 0 ] || skip "needs root to create network namespaces"
  command -v ip >/dev/null 2>&1 || skip "'ip' (iproute2) not found"
  lab_up_recorded
  rm -f "$parts/lab-sim.ready"
  # SSDP on 1900 of the router namespace's LAN address, multicast joined there only.
  # WAN address: the lab's public-looking one, as miniupnpd has (203.0.113.x is reserved, and both
  # clients rank a reserved address lower: igdctl then waits out its search window).
  lab_spawn "$NS_RTR" "$parts/lab-sim.log" "$root/$simrouter_bin" --lan "$RTR_LAN_IP" --ssdp-port 1900 \
    --http-port 0 --multicast --no-admin --no-stun --wan-ip "$WAN_RTR_IP" --ready-file "$parts/lab-sim.ready"
  local sim=$LAB_SPAWNED
  _lab_sim_ready() { grep -qs '}' "$parts/lab-sim.ready"; }
  wait_for 10 _lab_sim_ready || { cat "$parts/lab-sim.log" >&2; fail "simrouter did not start in $NS_RTR"; }
  local location
  location=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["location"])' "$parts/lab-sim.ready")
  note "discovery: igdctl and upnpc -s against simrouter, $discovery_repeats runs each"
  discovery_runs simrouter
  # The floor's HTTP answer is as large as this description with its headers.
  nsx "$NS_LAN" curl -fsS -i --max-time 2 "$location" >"$parts/rootdesc.http"
  lab_stop "$sim"
}
note "discovery: simrouter in the namespace lab"
lab_part discovery_simrouter simrouter_discovery_lab
description_bytes=4000
[ -s "$parts/rootdesc.http" ] && description_bytes=$(wc -c <"$parts/rootdesc.http")
"$bin/bench/discovery_floor" --json --repeats 200 --description-bytes "$description_bytes" \
  >"$parts/discovery_floor.json" || skipped discovery_floor "discovery_floor failed"

# ---- 5. data_path -----------------------------------------------------------------------------
note "data_path: forward_throughput ${forward_args[*]}"
"$bin/bench/forward_throughput" --json "${forward_args[@]}" >"$parts/data_path.json" ||
  skipped data_path "forward_throughput failed or lost data"

# ---- results ----------------------------------------------------------------------------------
python3 bench/assemble.py "$parts" "$results" --run "$run"
note "done in $((SECONDS - started_all)) s: $results/latest.md"
cat "$results/latest.md"
