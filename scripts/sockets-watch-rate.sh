#!/usr/bin/env bash
# Counts what `sockscope watch` reports while one process makes COUNT socket() calls as fast as
# it can (python3: socket(AF_UNIX, SOCK_DGRAM) then close), with the watch filtering that
# process's pid in the kernel. Prints the caller's rate, the events seen and the events lost.
#   usage: scripts/sockets-watch-rate.sh [COUNT=100000]   (root)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
dotnet build -c Release src/SockScope.Cli -v q -nologo >/dev/null
sockscope="dotnet src/SockScope.Cli/bin/Release/net10.0/sockscope.dll"
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT INT TERM

mkfifo "$work/go"
python3 - "$count" "$work/go" > "$work/rate" <<'PY' &
import socket, sys, time
count, go = int(sys.argv[1]), sys.argv[2]
open(go).read()                       # wait until the watch is attached
start = time.perf_counter()
for _ in range(count):
    socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).close()
elapsed = time.perf_counter() - start
print(f"{count} socket() calls in {elapsed:.3f} s: {count / elapsed:.0f} per second")
PY
caller=$!
pids+=("$caller")
$sockscope watch --pid "$caller" --syscall socket --duration 60 -c "$count" > "$work/events" 2> "$work/summary" &
watcher=$!
pids+=("$watcher")
for _ in $(seq 300); do grep -q "tracing with" "$work/summary" 2>/dev/null && break; sleep 0.1; done
echo go > "$work/go"
wait "$caller"
wait "$watcher" || true
cat "$work/rate"
echo "events printed: $(grep -c ' socket(family=AF_UNIX, type=SOCK_DGRAM|SOCK_CLOEXEC' "$work/events")"
tail -1 "$work/summary"
