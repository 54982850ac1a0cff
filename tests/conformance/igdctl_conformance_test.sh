#!/usr/bin/env bash
# igdctl conformance end to end against simrouter processes on 127.0.0.1: --list, usage errors,
# a conformant router (exit 0, JSON and JUnit reports that agree), a profile failing a must-check
# (exit 5 with the evidence), no device (exit 2), and SIGINT in the middle of a run: the suite's
# mappings are removed before it exits. Loopback only.
set -u
IGDCTL=$1 SIMROUTER=$2
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=$(mktemp -d)
. "$HERE/../tools/lib.sh"
RUN_PID=""
cleanup() {
  for p in $RUN_PID $ROUTER_PID; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT
py() { /usr/bin/python3 - "$@"; }
mappings() { py "${ADMIN%/}/state" <<'PY'
import json, sys, urllib.request
print(len(json.load(urllib.request.urlopen(sys.argv[1], timeout=5))["home"]["mappings"]))
PY
}
has_mapping() { [ "$(mappings)" -gt 0 ]; }

"$IGDCTL" conformance --list >"$WORK/list.out" || fail "--list exited $?"
n=$(tail -n 1 "$WORK/list.out" | awk '{print $1}')
[ "$n" -ge 60 ] || fail "--list shows $n checks, fewer than 60"
grep -q '^wanip.lease-returned ' "$WORK/list.out" || fail "--list lacks wanip.lease-returned"

for bad in "" "--only nonsense --unicast 127.0.0.1:9" "--igd-version 3 --unicast 127.0.0.1:9" "--json-file x --unicast 127.0.0.1:9"; do
  # shellcheck disable=SC2086
  "$IGDCTL" conformance $bad >/dev/null 2>"$WORK/usage.err"
  rc=$?
  [ "$rc" -eq 1 ] || fail "'conformance $bad' exited $rc, expected 1"
done

start_router --admin-port 0
SSDP=$(field ssdp)
"$IGDCTL" --json conformance --unicast "$SSDP" --ssdp-window 300 "$WORK/report.json" --junit "$WORK/report.xml" >"$WORK/run.out" 2>&1
rc=$?
[ "$rc" -eq 0 ] || fail "a conformant simrouter: exit $rc; $(tail -n 20 "$WORK/run.out")"
grep -q '^total: ' "$WORK/run.out" || fail "no summary on stdout with --json FILE"
py "$WORK/report.json" "$WORK/report.xml" <<'PY' || fail "the JSON and JUnit reports disagree or are wrong"
import json, sys, xml.etree.ElementTree as ET
r = json.load(open(sys.argv[1]))
assert r["conformant"] is True and r["counts"]["fail"] == 0, r["counts"]
assert r["target"]["igd_version"] == 2
checks = r["checks"]
assert len(checks) >= 60 and len({c["id"] for c in checks}) == len(checks)
root = ET.parse(sys.argv[2]).getroot()
cases = root.findall("./testsuite/testcase")
assert len(cases) == len(checks), (len(cases), len(checks))
assert int(root.get("tests")) == len(checks)
skipped = {c.get("name") for c in cases if c.find("skipped") is not None}
assert skipped == {c["id"] for c in checks if c["verdict"] == "skip"}, skipped
PY
[ "$(mappings)" -eq 0 ] || fail "the run left $(mappings) mapping(s) behind"

start_router --admin-port 0 --profile no-eventing
SSDP=$(field ssdp)
"$IGDCTL" --json conformance --unicast "$SSDP" --only gena >"$WORK/gena.json" 2>"$WORK/gena.err"
rc=$?
[ "$rc" -eq 5 ] || fail "no-eventing: exit $rc, expected 5 (a must-check failed)"
py "$WORK/gena.json" <<'PY' || fail "no-eventing: gena.subscribe is not the failure, or has no evidence"
import json, sys
r = json.load(open(sys.argv[1]))
failed = [c for c in r["checks"] if c["verdict"] == "fail"]
assert [c["id"] for c in failed] == ["gena.subscribe"], [c["id"] for c in failed]
ev = failed[0]["evidence"][0]
assert ev["request"].startswith("SUBSCRIBE ") and " 501 " in ev["response"].split("\r\n")[0], ev
PY

"$IGDCTL" conformance --unicast 127.0.0.1:9 --ssdp-window 200 >/dev/null 2>&1
rc=$?
[ "$rc" -eq 2 ] || fail "no device: exit $rc, expected 2"

# SIGINT while the suite holds a mapping: it finishes the check, removes what it made, exits 1.
# Every SOAP answer is slowed to 400 ms (the lab's delay fault), so a mapping lives long enough
# for the admin API to see it; the suite runs in well under a second otherwise.
start_router --admin-port 0
SSDP=$(field ssdp)
py "${ADMIN%/}/faults" <<'PY' || fail "could not set the delay fault"
import sys, urllib.request
req = urllib.request.Request(sys.argv[1], data=b'{"http": {"delay_ms": 400}}', method="POST",
                             headers={"Content-Type": "application/json"})
urllib.request.urlopen(req, timeout=5).read()
PY
"$IGDCTL" conformance --unicast "$SSDP" --only wanip >"$WORK/int.out" 2>&1 &
RUN_PID=$!
if wait_for 20 has_mapping; then
  kill -INT "$RUN_PID"
  wait "$RUN_PID"
  rc=$?
  RUN_PID=""
  [ "$rc" -eq 1 ] || fail "interrupted run: exit $rc, expected 1"
  grep -q 'interrupted' "$WORK/int.out" || fail "the interrupted run does not say so: $(tail -n 3 "$WORK/int.out")"
  grep -q '^SKIP .* wanip.v2-' "$WORK/int.out" || fail "no check was left out after SIGINT"
  [ "$(mappings)" -eq 0 ] || fail "SIGINT left $(mappings) mapping(s) on the router"
else
  fail "the suite never held a mapping"
fi

[ "$FAILS" -eq 0 ] || exit 1
echo "igdctl conformance: all checks passed"
