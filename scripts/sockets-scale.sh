#!/usr/bin/env bash
# Opens about 51,000 UDP sockets (3 child processes x 17,000, each under the 20,000 open-file
# limit, on 127.0.0.1, 127.0.0.2 and 127.0.0.3), then times `ss -a` and `sockscope sockets -a`
# side by side, alternating, RUNS times each, output to /dev/null. Prints each run and the
# medians. The children are killed by PID on exit, also on failure or Ctrl-C.
#   usage: scripts/sockets-scale.sh [PER_CHILD=17000] [RUNS=7]
set -euo pipefail
cd "$(dirname "$0")/.."
per_child=${1:-17000}
runs=${2:-7}

dotnet build -c Release src/SockScope.Cli -v q -nologo >/dev/null
sockscope="dotnet src/SockScope.Cli/bin/Release/net10.0/sockscope.dll"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

ready=$(mktemp -d)
for i in 1 2 3; do
    python3 - "$per_child" "127.0.0.$i" "$ready/$i" <<'PY' &
import socket, sys, time, resource
count, address, flag = int(sys.argv[1]), sys.argv[2], sys.argv[3]
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, count + 100), hard))
held = []
for _ in range(count):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((address, 0))
    held.append(s)
open(flag, "w").close()
time.sleep(600)   # bounded: the parent kills us long before
PY
    pids+=($!)
done
for i in 1 2 3; do
    for _ in $(seq 600); do [ -e "$ready/$i" ] && break; sleep 0.1; done
    [ -e "$ready/$i" ] || { echo "child $i did not open its sockets" >&2; exit 1; }
done
rm -rf "$ready"

echo "sockets listed by ss -a: $(ss -aH | wc -l); by sockscope sockets -a: $($sockscope sockets -a | tail -n +2 | wc -l)"
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
ss_times=(); ours=()
$sockscope sockets -a >/dev/null   # warm the file cache for dotnet once
for r in $(seq "$runs"); do
    a=$(ms ss -a); b=$(ms $sockscope sockets -a)
    ss_times+=("$a"); ours+=("$b")
    echo "run $r: ss -a ${a} ms, sockscope sockets -a ${b} ms"
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
m_ss=$(median "${ss_times[@]}"); m_ours=$(median "${ours[@]}")
echo "median: ss -a ${m_ss} ms, sockscope sockets -a ${m_ours} ms, ratio $(awk -v a="$m_ours" -v b="$m_ss" 'BEGIN {printf "%.2f", a / b}')"
