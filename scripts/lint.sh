#!/usr/bin/env bash
# Static analysis over project sources only, using the compile commands of a dev-preset build:
# clang-tidy with the repository's .clang-tidy, then cppcheck; exits 1 when either tool reports
# something in our files, 0 when clean. Not part of CI: the whole tree costs about 55 CPU-minutes
# (clang-tidy's analyzers on Asio/Beast translation units), more than CI's whole budget.
#
#   scripts/lint.sh [--build DIR] [--jobs N] [--tidy-only | --cppcheck-only] [path-prefix...]
#
# --build DIR   build tree holding compile_commands.json (default build/dev; configured if missing)
# path-prefix   only files under these source folders (e.g. `soap tests/soap`); default: all of
#               core ssdp soap igd simrouter tools tests examples fuzz
# Reports go to DIR/lint/{clang-tidy,cppcheck}.txt and a summary to stdout.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build/dev" jobs=2 run_tidy=1 run_cppcheck=1
prefixes=()
while (($#)); do
  case "$1" in
    --build) build=$(realpath -m "$2"); shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --tidy-only) run_cppcheck=0; shift ;;
    --cppcheck-only) run_tidy=0; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    -*) echo "lint.sh: unknown option $1" >&2; exit 2 ;;
    *) prefixes+=("${1%/}"); shift ;;
  esac
done
((${#prefixes[@]})) || prefixes=(core ssdp soap igd simrouter tools tests examples fuzz)

need() {  # need <command> <debian package>
  command -v "$1" >/dev/null && return
  echo "lint.sh: installing $2" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y -qq --no-install-recommends "$2" >&2
}
if ((run_tidy)); then need clang-tidy clang-tidy; fi
if ((run_cppcheck)); then need cppcheck cppcheck; fi

if [[ ! -f "$build/compile_commands.json" ]]; then
  (cd "$root" && cmake --preset dev -B "$build" >/dev/null)
fi

out="$build/lint"
mkdir -p "$out"
# The requested project translation units, as a smaller compilation database both tools read.
# Boost's src.hpp shims (core/src/boost_*_impl.cpp) are not our code.
python3 - "$build/compile_commands.json" "$root" "$out/compile_commands.json" "${prefixes[@]}" <<'PY'
import json, os, sys
db, root, out, prefixes = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
keep, seen = [], set()
for entry in json.load(open(db, encoding="utf-8")):
    path = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
    rel = os.path.relpath(path, root)
    if rel.startswith("..") or os.path.basename(rel).startswith("boost_") or path in seen:
        continue
    if any(rel == p or rel.startswith(p + "/") for p in prefixes):
        seen.add(path)
        keep.append(dict(entry, file=path))
json.dump(keep, open(out, "w", encoding="utf-8"), indent=1)
PY
mapfile -t files < <(python3 -c 'import json, sys; [print(e["file"]) for e in json.load(open(sys.argv[1]))]' \
  "$out/compile_commands.json")
echo "lint: ${#files[@]} translation units under: ${prefixes[*]}"
status=0

if ((run_tidy)); then
  report="$out/clang-tidy.txt"
  # One process per file, $jobs at a time; each writes its own log so output does not interleave.
  rm -rf "$out/tidy"
  mkdir -p "$out/tidy"
  printf '%s\n' "${files[@]}" | xargs -P "$jobs" -I{} sh -c \
    'clang-tidy --quiet -p "$1" "$2" >"$3/$(printf %s "$2" | md5sum | cut -c1-12).log" 2>/dev/null || true' \
    _ "$out" {} "$out/tidy"
  cat "$out"/tidy/*.log >"$report" 2>/dev/null || : >"$report"
  # A header finding is reported once per including file; count it once. Only our files count:
  # clang 14's analyzer does not model coroutine frames and follows paths into Asio's awaitable.hpp
  # (uninitialised resume_context_), which no code of ours can change.
  findings=$(grep -E "^$root/.*: (warning|error): " "$report" | sort -u || true)
  foreign=$(grep -E '^/.*: (warning|error): ' "$report" | grep -cv "^$root/" || true)
  if ((foreign)); then echo "clang-tidy: $foreign reports inside system headers not counted"; fi
  count=$(grep -c . <<<"$findings" || true)
  echo "clang-tidy: $count distinct findings (full log: $report)"
  if ((count)); then
    status=1
    sed -E 's/.*\[([a-zA-Z0-9.,-]+)\]$/\1/' <<<"$findings" | tr ',' '\n' | sort | uniq -c | sort -rn | sed 's/^/  /'
  fi
fi

if ((run_cppcheck)); then
  report="$out/cppcheck.txt"
  cppcheck --project="$out/compile_commands.json" -j "$jobs" --quiet \
    --enable=warning,performance,portability --inline-suppr --std=c++20 \
    --suppress=missingIncludeSystem --suppress=unknownMacro --suppress='*:/usr/*' \
    --template='{file}:{line}: {severity}: {message} [{id}]' 2>"$report" >/dev/null || true
  # cppcheck 2.10 cannot parse some valid C++20 (chrono literals such as 20s, co_await in
  # macro arguments) and then skips the file: listed, not counted as findings.
  unparsed='\[(cppcheckError|internalAstError|syntaxError)\]$'
  reported=$(grep -E ': (warning|performance|portability|error): ' "$report" || true)
  skipped=$(grep -E "$unparsed" <<<"$reported" || true)
  findings=$(grep -vE "$unparsed" <<<"$reported" || true)
  count=$(grep -c . <<<"$findings" || true)
  echo "cppcheck: $count findings (full log: $report)"
  if [[ -n "$skipped" ]]; then
    echo "cppcheck: could not parse $(grep -c . <<<"$skipped") files (see the log; clang-tidy covers them)"
  fi
  if ((count)); then
    status=1
    sed 's/^/  /' <<<"$findings" | head -n 50
  fi
fi
exit "$status"
