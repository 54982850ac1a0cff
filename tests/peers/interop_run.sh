#!/usr/bin/env bash
# Runs one peers test script for the interoperability matrix (docs/interop.md).
# usage: interop_run.sh SCRIPT ARGS...
# With IGDKIT_INTEROP_DIR and IGDKIT_INTEROP_NAME set (CMake sets both), the script's
# result records (one JSON line per peer x scenario, written through lib.sh's `record`)
# go to DIR/NAME.jsonl and its conformance reports to DIR/NAME.*.conformance.json; this
# wrapper clears them first and writes DIR/NAME.status with the exit code afterwards,
# so scripts/interop_matrix.py knows the test ran, passed or was skipped (77).
# Without the variables it just runs the script.
set -u
script=${1:?usage: interop_run.sh SCRIPT ARGS...}; shift
dir=${IGDKIT_INTEROP_DIR:-} name=${IGDKIT_INTEROP_NAME:-}
if [ -z "$dir" ] || [ -z "$name" ]; then
  exec bash "$script" "$@"
fi
mkdir -p "$dir" || exit 1
rm -f "$dir/$name.jsonl" "$dir/$name.status" "$dir/$name".*.conformance.json
: >"$dir/$name.jsonl"
bash "$script" "$@"
rc=$?
case $rc in
  0) st=pass ;;
  77) st=skip ;;
  *) st=fail ;;
esac
printf '{"test": "%s", "status": "%s", "rc": %d}\n' "$name" "$st" "$rc" >"$dir/$name.status"
exit $rc
