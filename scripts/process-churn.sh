#!/usr/bin/env bash
# Process attribution under connection churn: N short-lived TCP connections (default 100000) on
# loopback inside a namespace of our own (sspr-churn), captured with `capture --process`.
# Prints the eBPF maps the capture holds (from /proc/PID/fdinfo: type, max_entries, memlock),
# sampled at the start and at the end, and the attribution's closing line (socket calls read,
# lost, flows known, evicted). Run as root. Usage: scripts/process-churn.sh [N] [SOCKSCOPE_DLL]
# CAPTURE_ARGS (default --process) may be set empty to measure the same churn without attribution.
set -euo pipefail
N=${1:-100000}
CAPTURE_ARGS=${CAPTURE_ARGS---process}
DLL=${2:-$(dirname "$0")/../src/SockScope.Cli/bin/Release/net10.0/sockscope.dll}
NS=sspr-churn
OUT=$(mktemp -d /tmp/sspr-churn.XXXXXX)
cleanup() {
  [[ -n ${CAP:-} ]] && kill -INT "$CAP" 2>/dev/null || true
  [[ -n ${SRV:-} ]] && kill "$SRV" 2>/dev/null || true
  sleep 1
  ip netns del $NS 2>/dev/null || true
  rm -rf "$OUT"
}
trap cleanup EXIT
ip netns add $NS
ip -n $NS link set lo up
# A listener that accepts and closes at once; bounded to 300 s.
ip netns exec $NS timeout 300 python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", 7777)); s.listen(4096)
while True:
    c, _ = s.accept(); c.close()' &
SRV=$!
sleep 0.5
ip netns exec $NS dotnet "$DLL" capture -i lo $CAPTURE_ARGS -w /dev/null >"$OUT/cap.out" 2>"$OUT/cap.err" &
CAP=$!
for _ in $(seq 100); do grep -q listening "$OUT/cap.err" 2>/dev/null && break; sleep 0.1; done
maps() { for f in /proc/$CAP/fdinfo/*; do grep -q '^map_type' "$f" 2>/dev/null && awk '/^map_type|^max_entries|^memlock/ {printf "%s ", $0} END {print ""}' "$f"; done; return 0; }
echo "maps at start:"; maps
START=$(date +%s.%N)
ip netns exec $NS timeout 300 python3 -c "
import socket, sys
n = int(sys.argv[1])
for i in range(n):
    s = socket.create_connection(('127.0.0.1', 7777)); s.close()
" "$N"
END=$(date +%s.%N)
sleep 1
echo "maps at the end:"; maps
echo "rss: $(awk '/VmRSS/ {print $2, $3}' /proc/$CAP/status)"
kill -INT "$CAP"; wait "$CAP" || true; CAP=
printf '%s connections in %.1f s\n' "$N" "$(echo "$END - $START" | bc)"
cat "$OUT/cap.err"
