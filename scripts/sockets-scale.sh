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
# Wall time and CPU time (user + system, from /usr/bin/time) of one run, in milliseconds.
measure() { /usr/bin/time -f "%e %U %S" -o "$timing" "$@" >/dev/null 2>&1 || true; awk '{printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000}' "$timing"; }
timing=$(mktemp)
ss_wall=(); ss_cpu=(); our_wall=(); our_cpu=()
$sockscope sockets -a >/dev/null   # warm the file cache for dotnet once
for r in $(seq "$runs"); do
    read -r a ac < <(measure ss -a); read -r b bc < <(measure $sockscope sockets -a)
    ss_wall+=("$a"); ss_cpu+=("$ac"); our_wall+=("$b"); our_cpu+=("$bc")
    echo "run $r: ss -a ${a} ms (cpu ${ac} ms), sockscope sockets -a ${b} ms (cpu ${bc} ms)"
done
rm -f "$timing"
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
m_ss=$(median "${ss_wall[@]}"); m_ours=$(median "${our_wall[@]}")
c_ss=$(median "${ss_cpu[@]}"); c_ours=$(median "${our_cpu[@]}")
echo "median wall: ss -a ${m_ss} ms, sockscope sockets -a ${m_ours} ms, ratio $(ratio "$m_ours" "$m_ss")"
echo "median cpu:  ss -a ${c_ss} ms, sockscope sockets -a ${c_ours} ms, ratio $(ratio "$c_ours" "$c_ss")"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
