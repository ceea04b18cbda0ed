#!/usr/bin/env bash
# Side-by-side round-trip times of iputils ping and sockscope ping on the same paths of the
# three-namespace topology (scripts/ping-topology.sh): one veth hop (10.92.1.1), two hops through
# the router (10.92.2.2) and the same over IPv6 (fd92:1::1, fd92:2::2). Both print a time per
# reply; this prints the median, 10th and 90th percentile of each, and sockscope's added median.
#
# The two tools take turns (REPS runs each, alternating) so that both meet the same machine load.
#
# Usage: scripts/ping-compare.sh [--count 2000] [--interval 0.001] [--reps 3] -- SOCKSCOPE...
#   e.g. scripts/ping-compare.sh -- artifacts/ping/sockscope
# Needs root. Removes the namespaces on exit.
set -euo pipefail
COUNT=2000 INTERVAL=0.001 REPS=3
while (($#)); do
    case $1 in
        --count) COUNT=$2; shift 2 ;;
        --interval) INTERVAL=$2; shift 2 ;;
        --reps) REPS=$2; shift 2 ;;
        --) shift; break ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
(($#)) || { echo "usage: $0 [--count N] [--interval S] [--reps N] -- SOCKSCOPE..." >&2; exit 2; }
((COUNT >= 1 && COUNT <= 20000)) || { echo "--count must be 1..20000" >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
trap '"$HERE/ping-topology.sh" down' EXIT
"$HERE/ping-topology.sh" up
ip netns exec ssp-h1 ping -c1 -W5 10.92.2.2 >/dev/null || true
ip netns exec ssp-h1 ping -c1 -W5 fd92:2::2 >/dev/null || true

# times TOOL... : the reply times in microseconds, one a line
times() { timeout 120 ip netns exec ssp-h1 "$@" | sed -n 's/.* time=\([0-9.]*\) ms.*/\1/p' | awk '{ printf "%d\n", $1 * 1000 + 0.5 }'; }
# stats FILE : "n p10 median p90" of the numbers in FILE
stats() { sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR == 0) { print "0 - - -"; exit } printf "%d %d %d %d\n", NR, v[int(NR * 0.1) + 1], v[int((NR + 1) / 2)], v[int(NR * 0.9)] }'; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"; "$HERE/ping-topology.sh" down' EXIT
printf '%-22s %8s %8s %8s %8s   %8s %8s %8s %8s   %s\n' target "n" "p10" "median" "p90" "n" "p10" "median" "p90" "added median (us)"
printf '%-22s %35s   %35s\n' "" "iputils ping (us)" "sockscope ping (us)"
for target in 10.92.1.1 10.92.2.2 fd92:1::1 fd92:2::2; do
    : >"$TMP/iputils"; : >"$TMP/ours"
    for ((r = 0; r < REPS; r++)); do
        times ping -c "$COUNT" -i "$INTERVAL" "$target" >>"$TMP/iputils"
        times "$@" ping -c "$COUNT" -i "$INTERVAL" "$target" >>"$TMP/ours"
    done
    read -r n1 a1 m1 b1 <<<"$(stats "$TMP/iputils")"
    read -r n2 a2 m2 b2 <<<"$(stats "$TMP/ours")"
    printf '%-22s %8s %8s %8s %8s   %8s %8s %8s %8s   %s\n' "$target" "$n1" "$a1" "$m1" "$b1" "$n2" "$a2" "$m2" "$b2" "$((m2 - m1))"
done
