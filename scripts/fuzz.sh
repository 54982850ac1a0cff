#!/usr/bin/env bash
# Builds the libFuzzer targets (`fuzz` preset) and runs each from a seed corpus assembled from
# fixtures/ (+ fuzz/corpus/<target>/ and fuzz/regressions/<target>/) under build/fuzz/work/.
#
#   scripts/fuzz.sh [--seconds N] [--runs N] [--ci] [--jobs N] [--build DIR] [--no-build] [--replay]
#                   [--seeds DIR] [target...]
#
# --seconds N  run each target for N seconds (default 20)
# --runs N     run each target for N inputs instead (overrides --seconds)
# --ci         the reproducible CI run: each target runs its fixed number of inputs (ci_runs_for
#              below, sized so all ten take about two minutes on two idle cores under ASan) from
#              its seeds alone, with a throwaway corpus and -seed=1, so a commit explores exactly
#              the same inputs on every machine however fast or busy it is
# --jobs N     run N targets at a time (default 1); each target is one libFuzzer process
# --build DIR  use the fuzzers of the build tree DIR (default build/fuzz, built with the fuzz
#              preset); scripts/test.sh passes build/ci-asan, which builds them too, with --no-build
# --replay     only replay the seed corpus and regressions once (no mutation)
# --seeds DIR  only write each target's fixture-derived seeds to DIR/<target>/ and exit (no build;
#              CTest's fuzz_replay.* tests use it to feed the gcc-built harnesses)
# IGDKIT_FUZZ_FLAGS adds libFuzzer flags to every run, e.g. "-entropic=0" for long counted runs:
# libFuzzer 14's entropic scheduler spends over half of each run on its bookkeeping here.
# A crash stops that target; its input is copied into fuzz/regressions/<target>/ and the script
# exits non-zero once every target has run. Logs and the grown corpus stay under DIR/work/.
# Targets are every fuzz/*_fuzzer.cpp; one without a case in seed() below runs from
# fuzz/corpus/<target>/ and fuzz/regressions/<target>/ only.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build/fuzz"
work="$build/work"
seconds=20 runs="" ci=0 jobs=1 do_build=1 replay=0 seeds_only=""
all_targets=()
for f in "$root"/fuzz/*_fuzzer.cpp; do all_targets+=("$(basename "$f" .cpp)"); done
targets=()
while (($#)); do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --ci) ci=1; shift ;;
    --jobs) jobs="$2"; shift 2 ;;
    --build) build=$(cd "$2" && pwd); work="$build/work"; shift 2 ;;
    --no-build) do_build=0; shift ;;
    --replay) replay=1; shift ;;
    --seeds) seeds_only="$2"; do_build=0; shift 2 ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("${1%_fuzzer}_fuzzer"); shift ;;
  esac
done
((${#targets[@]})) || targets=("${all_targets[@]}")

if ((do_build)); then
  if [[ "$build" == "$root/build/fuzz" ]]; then (cd "$root" && cmake --preset fuzz >/dev/null); fi
  cmake --build "$build" -j "$(nproc)" --target "${targets[@]}"
fi

fx="$root/fixtures"
crlf() { printf '%s\r\n' "$@"; }

# kv FILE KEY: value of KEY=... in an .expect file.
kv() { sed -n "s/^$2=//p" "$1" | head -n1; }

http_reply() {  # body file -> three framings (content-length, chunked in two pieces, close-delimited)
  local body="$1" out="$2" n
  n=$(wc -c <"$body")
  { printf '\0\0'; crlf "HTTP/1.1 200 OK" "Content-Type: text/xml; charset=\"utf-8\"" "Content-Length: $n" ""; cat "$body"; } >"$out.cl"
  { printf '\7\1'; crlf "HTTP/1.1 500 Internal Server Error" "Transfer-Encoding: chunked" "";
    printf '%x\r\n' "$n"; cat "$body"; crlf "" "0" ""; } >"$out.chunked"
  { printf '\1\2'; crlf "HTTP/1.0 200 OK" "Connection: close" ""; cat "$body"; } >"$out.close"
}

http_post() {  # soapaction body-file path -> request bytes on stdout
  local n; n=$(wc -c <"$2")
  crlf "POST ${3:-/ctl/IPConn} HTTP/1.1" "Host: 192.168.1.1:5000" "Content-Type: text/xml; charset=\"utf-8\"" \
       "SOAPAction: $1" "Content-Length: $n" ""
  cat "$2"
}

seed() {  # target dir: fill dir with the target's seeds
  local t="$1" d="$2" f b
  case "$t" in
    ssdp_message_fuzzer) cp "$fx"/ssdp/*.ssdp "$fx"/bad-input/ssdp/* "$d"/ ;;
    ssdp_responder_fuzzer)
      for f in "$fx"/ssdp/*.ssdp; do b=$(basename "$f" .ssdp)
        { printf '\1'; cat "$f"; } >"$d/$b.mcast"; { printf '\0'; cat "$f"; } >"$d/$b.ucast"; done ;;
    http_response_fuzzer)
      for f in "$fx"/soap/responses/*.xml; do http_reply "$f" "$d/$(basename "$f" .xml)"; done ;;
    soap_response_fuzzer)
      for f in "$fx"/soap/responses/*.xml; do b="${f%.xml}"
        { kv "$b.expect" action; cat "$f"; } >"$d/$(basename "$b")"; done ;;
    soap_request_fuzzer)
      for f in "$fx"/soap/requests/*.xml; do b="${f%.xml}"
        { kv "$b.expect" soapaction; cat "$f"; } >"$d/$(basename "$b")"; done ;;
    gena_message_fuzzer) cp "$fx"/gena/*.http "$d"/; cp "$fx"/gena/probes/* "$d"/ 2>/dev/null || true ;;
    description_fuzzer) cp "$fx"/igd/descriptions/*.xml "$fx"/bad-input/description/* "$d"/ ;;
    port_listing_fuzzer) cp "$fx"/igd/actions/*.xml "$fx"/bad-input/port_listing/* "$d"/ ;;
    simrouter_soap_fuzzer)
      for f in "$fx"/soap/requests/*.xml; do b="${f%.xml}"
        http_post "$(kv "$b.expect" soapaction)" "$f" >"$d/$(basename "$b")"; done
      crlf "GET /rootDesc.xml HTTP/1.1" "Host: 192.168.1.1:5000" "" >"$d/get_root"
      crlf "SUBSCRIBE /evt/IPConn HTTP/1.1" "Host: 192.168.1.1:5000" "NT: upnp:event" "" >"$d/subscribe"
      for f in "$fx"/bad-input/simrouter_http/*; do cp "$f" "$d/bad_$(basename "$f")"; done ;;
  esac
  [[ -z "$seeds_only" ]] || return 0  # the replay tests read corpus/ and regressions/ in place
  if [[ -d "$root/fuzz/corpus/$t" ]]; then cp "$root/fuzz/corpus/$t"/* "$d"/ 2>/dev/null || true; fi
  if [[ -d "$root/fuzz/regressions/$t" ]]; then cp "$root/fuzz/regressions/$t"/* "$d"/ 2>/dev/null || true; fi
}

dict_for() {
  case "$1" in
    ssdp_*) echo ssdp ;;
    http_response_fuzzer|simrouter_soap_fuzzer) echo "http xml" ;;
    *) echo xml ;;
  esac
}

max_len_for() {
  case "$1" in
    ssdp_*) echo 8200 ;;                       # one datagram (max_datagram_size 8192) + selector
    description_fuzzer) echo 32768 ;;          # real descriptions are 2-8 KiB
    simrouter_soap_fuzzer|http_response_fuzzer) echo 16384 ;;
    *) echo 8192 ;;
  esac
}

# Inputs per target in a --ci run: about 10 s each under the ci-asan build on an idle core,
# measured from the executions per second of a 20 s run (rates differ 40x between targets).
ci_runs_for() {
  case "$1" in
    http_response_fuzzer) echo 20000 ;;
    simrouter_soap_fuzzer) echo 30000 ;;
    description_fuzzer) echo 30000 ;;
    ssdp_responder_fuzzer) echo 60000 ;;
    ssdp_message_fuzzer) echo 60000 ;;
    admin_api_fuzzer) echo 80000 ;;
    soap_response_fuzzer) echo 150000 ;;
    soap_request_fuzzer) echo 200000 ;;
    port_listing_fuzzer) echo 300000 ;;
    stun_message_fuzzer) echo 300000 ;;
    *) echo 50000 ;;
  esac
}

if [[ -n "$seeds_only" ]]; then
  for t in "${targets[@]}"; do
    rm -rf "${seeds_only:?}/$t"; mkdir -p "$seeds_only/$t"
    seed "$t" "$seeds_only/$t"
  done
  exit 0
fi

# run_target T: fuzzes one target and prints its one-line summary; exits non-zero on a crash.
run_target() {
  local t="$1" exe="$build/fuzz/$1" rc=0 execs
  if [[ ! -x "$exe" ]]; then echo "$t: NOT BUILT"; return 1; fi
  local seeds="$work/seeds/$t" corpus="$work/corpus/$t" art="$work/artifacts/$t"
  # A CI run starts from the seeds alone: a corpus grown by earlier runs would change its inputs.
  if ((ci)); then corpus="$work/ci-corpus/$t"; rm -rf "$corpus"; fi
  rm -rf "$seeds" "$art"; mkdir -p "$seeds" "$corpus" "$art"
  seed "$t" "$seeds"
  local dict="$work/$t.dict" x
  for x in $(dict_for "$t"); do cat "$root/fuzz/dict/$x.dict"; done >"$dict"
  local log="$work/$t.log"
  local args=(-dict="$dict" -max_len="$(max_len_for "$t")" -artifact_prefix="$art/" -print_final_stats=1
              -timeout=10 -rss_limit_mb=2048)
  if ((replay)); then args+=(-runs=0)
  elif ((ci)); then args+=(-runs="$(ci_runs_for "$t")" -seed=1)
  elif [[ -n "$runs" ]]; then args+=(-runs="$runs")
  else args+=(-max_total_time="$seconds"); fi
  local extra
  read -r -a extra <<<"${IGDKIT_FUZZ_FLAGS:-}"
  args+=("${extra[@]}")
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}" \
    "$exe" "${args[@]}" "$corpus" "$seeds" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  local crashers=("$art"/*)
  if ((rc == 0)) && [[ ! -e "${crashers[0]}" ]]; then
    echo "$t: clean, ${execs:-?} execs"
    return 0
  fi
  mkdir -p "$root/fuzz/regressions/$t"
  local c
  for c in "${crashers[@]}"; do [[ -e "$c" ]] && cp "$c" "$root/fuzz/regressions/$t/"; done
  echo "$t: CRASH (exit $rc, ${execs:-?} execs) — see $log; input saved under fuzz/regressions/$t/"
  grep -m3 -E "ERROR|invariant failed|runtime error" "$log" >&2 || tail -n 20 "$log" >&2
  return 1
}

# Up to $jobs targets at a time; each writes its summary line to its own file.
mkdir -p "$work/summary"
for t in "${targets[@]}"; do
  while (($(jobs -rp | wc -l) >= jobs)); do wait -n || true; done
  echo "== $t" >&2
  run_target "$t" >"$work/summary/$t" &
done
wait
# The summaries decide the exit status (a job reaped by `wait -n` has no status left to ask for).
status=0
for t in "${targets[@]}"; do
  cat "$work/summary/$t"
  grep -q ": clean, " "$work/summary/$t" || status=1
done
exit "$status"
