#!/usr/bin/env bash
# Side-by-side round-trip times of iputils ping and sockscope ping on the same paths of the
# three-namespace topology (scripts/ping-topology.sh): one veth hop (10.92.1.1), two hops through
# the router (10.92.2.2) and the same over IPv6 (fd92:1::1, fd92:2::2). Both print a time per
# reply; this prints the median, 10th and 90th percentile of each, and sockscope's added median.
#
# First, on 127.0.0.1 (no namespaces), the send clock: the wall time of `-c COUNT -i INTERVAL -q`
# (iputils keeps COUNT x INTERVAL), the largest pipe either reports, the per-reply round trips,
# and the flood's inter-packet gap (`-f -q`, iputils' ipg and ours).
#
# The two tools take turns (REPS runs each, alternating) so that both meet the same machine load.
#
# Usage: scripts/ping-compare.sh [--count 2000] [--interval 0.001] [--reps 3] [--loopback-only] -- SOCKSCOPE...
#   e.g. scripts/ping-compare.sh -- artifacts/ping/sockscope
# Needs root. Removes the namespaces on exit.
set -euo pipefail
COUNT=2000 INTERVAL=0.001 REPS=3 LOOPBACK_ONLY=0
while (($#)); do
    case $1 in
        --count) COUNT=$2; shift 2 ;;
        --interval) INTERVAL=$2; shift 2 ;;
        --reps) REPS=$2; shift 2 ;;
        --loopback-only) LOOPBACK_ONLY=1; shift ;;
        --) shift; break ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
(($#)) || { echo "usage: $0 [--count N] [--interval S] [--reps N] -- SOCKSCOPE..." >&2; exit 2; }
((COUNT >= 1 && COUNT <= 20000)) || { echo "--count must be 1..20000" >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
P=${SOCKSCOPE_NS_PREFIX:-ssp-}   # the namespaces of ping-topology.sh

# reply_times CMD... : the reply times in microseconds, one a line
reply_times() { timeout 120 "$@" | sed -n 's/.* time=\([0-9.]*\) ms.*/\1/p' | awk '{ printf "%d\n", $1 * 1000 + 0.5 }'; }
# times TOOL... : the same, run in namespace ${P}h1
times() { reply_times ip netns exec "${P}h1" "$@"; }
# stats FILE : "n p10 median p90" of the numbers in FILE
stats() { sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR == 0) { print "0 - - -"; exit } printf "%d %d %d %d\n", NR, v[int(NR * 0.1) + 1], v[int((NR + 1) / 2)], v[int(NR * 0.9)] }'; }
# median FILE : the median of the numbers in FILE
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : "-" }'; }
# clock TOOL... : "wall_ms pipe" of one quiet interval run on 127.0.0.1 (pipe 1 when none is printed)
clock() {
    local start end out
    start=$(date +%s%N)
    out=$(timeout 120 "$@" -c "$COUNT" -i "$INTERVAL" -q 127.0.0.1)
    end=$(date +%s%N)
    echo "$(((end - start) / 1000000)) $(sed -n 's/.*pipe \([0-9]*\).*/\1/p' <<<"$out" | head -1 | grep . || echo 1)"
}
# gap TOOL... : the flood's inter-packet gap in microseconds (iputils' ipg), 20000 probes on 127.0.0.1
gap() { timeout 120 "$@" -f -c 20000 -q 127.0.0.1 | sed -n 's|.*ipg/ewma \([0-9.]*\)/.*|\1|p' | awk '{ printf "%d\n", $1 * 1000 + 0.5 }'; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

echo "# 127.0.0.1: -c $COUNT -i $INTERVAL -q wall time (ideal $(awk "BEGIN { print $COUNT * $INTERVAL * 1000 }") ms), worst pipe, reply times; -f -c 20000 -q gap; medians of $REPS alternating runs"
: >"$TMP/w1"; : >"$TMP/w2"; : >"$TMP/p1"; : >"$TMP/p2"; : >"$TMP/r1"; : >"$TMP/r2"; : >"$TMP/g1"; : >"$TMP/g2"
for ((r = 0; r < REPS; r++)); do
    read -r w p <<<"$(clock ping)"; echo "$w" >>"$TMP/w1"; echo "$p" >>"$TMP/p1"
    read -r w p <<<"$(clock "$@" ping)"; echo "$w" >>"$TMP/w2"; echo "$p" >>"$TMP/p2"
    reply_times ping -c "$COUNT" -i "$INTERVAL" 127.0.0.1 >>"$TMP/r1"
    reply_times "$@" ping -c "$COUNT" -i "$INTERVAL" 127.0.0.1 >>"$TMP/r2"
    gap ping >>"$TMP/g1"
    gap "$@" ping >>"$TMP/g2"
done
printf '%-10s %10s %6s %6s %6s %6s %8s\n' tool "wall_ms" "pipe" "p10_us" "med_us" "p90_us" "ipg_us"
read -r _ a1 m1 b1 <<<"$(stats "$TMP/r1")"
read -r _ a2 m2 b2 <<<"$(stats "$TMP/r2")"
printf '%-10s %10s %6s %6s %6s %6s %8s\n' iputils "$(median "$TMP/w1")" "$(sort -n "$TMP/p1" | tail -1)" "$a1" "$m1" "$b1" "$(median "$TMP/g1")"
printf '%-10s %10s %6s %6s %6s %6s %8s\n' sockscope "$(median "$TMP/w2")" "$(sort -n "$TMP/p2" | tail -1)" "$a2" "$m2" "$b2" "$(median "$TMP/g2")"
((LOOPBACK_ONLY)) && exit 0

trap 'rm -rf "$TMP"; "$HERE/ping-topology.sh" down' EXIT
"$HERE/ping-topology.sh" up
ip netns exec "${P}h1" ping -c1 -W5 10.92.2.2 >/dev/null || true
ip netns exec "${P}h1" ping -c1 -W5 fd92:2::2 >/dev/null || true
echo
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
