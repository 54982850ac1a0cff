#!/usr/bin/env bash
# replay.sh EXE TARGET SEED_ROOT: feeds one fuzz harness (built without libFuzzer) its regressions,
# its corpus and the seeds scripts/fuzz.sh derives from fixtures/. A crash, sanitizer report or
# FUZZ_CHECK failure aborts the harness, which fails the test; so does replaying nothing.
set -euo pipefail
exe="$1" target="$2" seed_root="$3"
root=$(cd "$(dirname "$0")/../.." && pwd)

bash "$root/scripts/fuzz.sh" --seeds "$seed_root" "$target"
out=$("$exe" "$root/fuzz/regressions/$target" "$root/fuzz/corpus/$target" "$seed_root/$target")
echo "$out"
count=$(sed -n 's/^replayed \([0-9]*\) inputs$/\1/p' <<<"$out")
if [[ -z "$count" || "$count" -eq 0 ]]; then
  echo "replay.sh: no inputs for $target; add a seed under fuzz/corpus/$target/" >&2
  exit 1
fi
