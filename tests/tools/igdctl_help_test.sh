#!/usr/bin/env bash
# `igdctl COMMAND --help` for every command igdctl lists: exit 0, the command's options printed,
# nothing on stderr, and no router needed (no --url, no --unicast: a command that tried to
# connect or checked its required options first would fail here).
set -u
IGDCTL=$1
FAILS=0
fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }

# Options each command must show in its help (a command missing here is still checked for its
# own header and exit code).
declare -A expect=(
  [discover]="--st --first"
  [status]="--help"
  [external-ip]="--help"
  [stats]="--help"
  [add]="--internal-client --internal-port --external-port --protocol --lease --description"
  [add-any]="--internal-client --internal-port --external-port --protocol --lease"
  [delete]="--external-port --protocol --remote-host"
  [delete-range]="--start --end --protocol --manage"
  [get]="--external-port --protocol"
  [list]="--help"
  [pinhole]="add update delete list check --internal-client --id"
  [expose]="--to --lease --policy --validate --until-validated --prober --stun --state --on-ip-change --duration"
  [probe-server]="--listen --max-probe-ms"
  [validate]="--external-port --protocol --internal-client --internal-port --prober --stun --upstream"
  [diagnose]="--mapping --to --prober --stun --upstream"
)

USAGE=$("$IGDCTL" --help) || fail "igdctl --help exit $?"
read -r -a COMMANDS <<< "$(echo "$USAGE" | sed -n 's/^commands: *//p')"
[ ${#COMMANDS[@]} -ge 11 ] || fail "igdctl --help lists ${#COMMANDS[@]} commands: $USAGE"

check_help() { # label, header to find, expected words, igdctl args...
  local label=$1 header=$2 words=$3; shift 3
  local out err rc
  out=$("$IGDCTL" "$@" 2>/tmp/igdctl_help_err.$$); rc=$?
  err=$(cat /tmp/igdctl_help_err.$$); rm -f /tmp/igdctl_help_err.$$
  [ $rc -eq 0 ] || fail "$label: exit $rc: $err"
  [ -z "$err" ] || fail "$label: stderr: $err"
  echo "$out" | grep -qF "$header" || fail "$label: no '$header' in: $out"
  for w in $words; do
    echo "$out" | grep -qF -- "$w" || fail "$label: '$w' missing from: $out"
  done
}

for cmd in "${COMMANDS[@]}"; do
  words=${expect[$cmd]-}
  [ -n "$words" ] || echo "note: no expected options listed for '$cmd'"
  check_help "igdctl $cmd --help" "igdctl $cmd" "--help $words" "$cmd" --help
  check_help "igdctl $cmd -h" "igdctl $cmd" "--help" "$cmd" -h
  # global --help before the command means the same
  check_help "igdctl --help $cmd" "igdctl $cmd" "--help" --help "$cmd"
done

# pinhole's subcommands each have their own help
for sub in add update delete list check; do
  check_help "igdctl pinhole $sub --help" "igdctl pinhole $sub options" "--help" pinhole "$sub" --help
done
check_help "igdctl pinhole add --help" "igdctl pinhole add" "--internal-client --internal-port --protocol --lease" \
  pinhole add --help

[ $FAILS -eq 0 ] && echo "igdctl_help: ${#COMMANDS[@]} commands checked"
exit $(( FAILS > 0 ))
