#!/usr/bin/env bash
# cpu-compare.sh: CPU seconds (user + sys, from /usr/bin/time) of several commands, run in turn
# RUNS times so that a burst of load on the machine falls on all of them alike; prints each
# command's sorted times, the minimum and the median.
#
# usage: scripts/cpu-compare.sh RUNS 'LABEL::COMMAND' ['LABEL::COMMAND' ...]
# e.g.   P=/tmp/sockscope-bench/mixed.pcap N=/tmp/native/sockscope
#        scripts/cpu-compare.sh 7 "read::$N read -w /dev/null $P" "flows::$N flows $P"
# Each command's stdout and stderr are discarded. Exit 2 on bad usage.
set -euo pipefail
if [[ $# -lt 2 || ! $1 =~ ^[0-9]+$ ]]; then
  echo "usage: $0 RUNS 'LABEL::COMMAND' ..." >&2
  exit 2
fi
runs=$1; shift
declare -A times
for _ in $(seq "$runs"); do
  for spec in "$@"; do
    label=${spec%%::*}; cmd=${spec#*::}
    t=$( { /usr/bin/time -f "%U %S" bash -c "$cmd >/dev/null 2>/dev/null"; } 2>&1 | tail -1 | awk '{print $1 + $2}')
    times[$label]+="$t "
  done
done
for spec in "$@"; do
  label=${spec%%::*}
  sorted=$(tr ' ' '\n' <<<"${times[$label]}" | grep . | sort -n)
  printf '%s: %s | min %s median %s\n' "$label" "$(tr '\n' ' ' <<<"$sorted")" "$(head -1 <<<"$sorted")" \
    "$(awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}' <<<"$sorted")"
done
