#!/usr/bin/env bash
# CPU of the Native AOT sockscope beside the JIT build, same commands, same input, one run,
# alternating the two so machine load hits both alike. Median of N runs of task-clock (ms).
#   scripts/native-vs-jit.sh NATIVE_BINARY JIT_DIR BIG_PCAP [RUNS]
# NATIVE_BINARY: dotnet publish src/SockScope.Cli -c Release -r linux-x64 -o DIR  ->  DIR/sockscope
# JIT_DIR:       dotnet build src/SockScope.Cli -c Release  ->  src/SockScope.Cli/bin/Release/net10.0
# BIG_PCAP:      /work/shared/bench/make-pcap.sh's data/mixed.pcap (1,000,000 packets)
set -euo pipefail
native=$1 jit=$2 big=$3 runs=${4:-5}
command -v perf >/dev/null || { echo "needs perf (linux-perf)" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# A one-packet file from the big one (start-up cost).
"$native" read "$big" -c 1 -w "$tmp/one.pcap" 2>/dev/null

cpu() {  # prints task-clock ms of one run of "$@" (output discarded)
    perf stat -x, -e task-clock -o "$tmp/stat" -- "$@" >/dev/null 2>&1 || true
    awk -F, '/task-clock/ { printf "%.1f\n", $1 }' "$tmp/stat"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

row() {  # label, args...
    local label=$1; shift
    : > "$tmp/n"; : > "$tmp/j"
    for _ in $(seq "$runs"); do
        cpu "$native" "$@" >> "$tmp/n"
        cpu dotnet "$jit/sockscope.dll" "$@" >> "$tmp/j"
    done
    local n j
    n=$(median < "$tmp/n"); j=$(median < "$tmp/j")
    printf '| %-34s | %10s | %10s | %5.2fx |\n' "$label" "$n" "$j" "$(echo "$n / $j" | bc -l)"
}

echo "runs: $runs (median), CPU = task-clock ms, native / JIT < 1 means native is faster"
echo "| command | native ms | JIT ms | native/JIT |"
echo "|---|---:|---:|---:|"
row "read ONE_PACKET.pcap" read "$tmp/one.pcap"
row "sockets -tuan" sockets -tuan
row "filter 'tcp port 443' -d" filter 'tcp port 443' -d
row "read 1M -nn" read "$big" -nn
row "read 1M --json" read "$big" --json
row "read 1M -nn 'tcp port 80'" read "$big" -nn 'tcp port 80'
row "read 1M -w /dev/null" read "$big" -w /dev/null
