#!/usr/bin/env bash
# Live-capture benchmark: `sockscope capture` beside tcpdump on a flooded veth, with the shared
# bench/live.sh (namespaces, bounded sender, CPU accounting). Figures go to docs/perf/capture.md.
#   scripts/capture-bench.sh                 quick: 5 s, 1 rep, veth-raw, -w /dev/null
#   scripts/capture-bench.sh --reject-all    also a capture whose filter refuses every packet
#   LIVE_ARGS='--duration 10 --reps 3' scripts/capture-bench.sh   other live.sh options
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
live=${LIVE_SH:-$here/../shared/bench/live.sh}
[[ -x $live ]] || live=/work/shared/bench/live.sh
out=${SSCAP_DIR:-/tmp/sscap}
dotnet publish "$here/src/SockScope.Cli" -c Release -o "$out" -v quiet -nologo >/dev/null
extra=(--extra "sockscope::$out/sockscope capture -i {IFACE} -w /dev/null")
if [[ ${1:-} == --reject-all ]]; then
  extra+=(--extra "sockscope-reject::$out/sockscope capture -i {IFACE} -w /dev/null tcp port 1")
fi
# shellcheck disable=SC2086
exec "$live" --duration 5 --reps 1 --scenarios veth-raw --tools none,tcpdump ${LIVE_ARGS:-} "${extra[@]}" --extra-ready listening
