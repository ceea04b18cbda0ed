#!/usr/bin/env bash
# Filter performance, the figures of docs/perf/filter.md (run after the machine is quiet):
#   1. BenchmarkDotNet: the BPF interpreter over every packet of mixed-100k.pcap, and the compiler
#   2. whole-run CPU of `sockscope read F EXPR -w /dev/null` against `tcpdump -r F EXPR -w /dev/null`
#      on the 1,000,000-packet mixed capture, side by side in one offline.sh run
# Usage: scripts/filter-bench.sh [--skip-bdn] [--runs N]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
runs=5
bdn=1
while (($#)); do
  case $1 in
    --skip-bdn) bdn=0; shift ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
export DATA_DIR=${DATA_DIR:-/work/benchdata}
dotnet build -c Release "$here/src/SockScope.Cli" -v q -nologo >/dev/null
S="$here/src/SockScope.Cli/bin/Release/net10.0/sockscope"
if ((bdn)); then
  (cd "$here" && dotnet run -c Release --project bench/SockScope.Benchmarks -- --filter '*FilterBenchmarks*' --job short)
fi
extras=()
for e in 'tcp port 5201 or icmp' 'host 10.77.0.1 and udp' 'vlan and ip'; do
  tag=$(echo "$e" | tr -c 'a-z0-9\n' '-' | cut -c1-14)
  extras+=(--extra "tcpdump-$tag::tcpdump -nn -r {PCAP} '$e' -w /dev/null")
  extras+=(--extra "sockscope-$tag::$S read {PCAP} '$e' -w /dev/null")
done
extras+=(--extra "sockscope-rw::$S read {PCAP} -w /dev/null")
/work/shared/bench/offline.sh --runs "$runs" --only 'tcpdump-rw|floor|tcpdump-tcp|tcpdump-host|tcpdump-vlan|sockscope' "${extras[@]}"
