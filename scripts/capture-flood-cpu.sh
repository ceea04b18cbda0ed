#!/usr/bin/env bash
# The capturer's own CPU per packet during a flood, start-up excluded: for profiling and quick
# A/B runs (the side-by-side figures come from capture-bench.sh / the shared live.sh).
#   scripts/capture-flood-cpu.sh SECONDS 'COMMAND with {IFACE}'
#   scripts/capture-flood-cpu.sh 5 '/tmp/ss2/sockscope capture -i {IFACE} -w /dev/null'
#   scripts/capture-flood-cpu.sh 5 'tcpdump -i {IFACE} -w /dev/null'
# Two namespaces (ssc-pf-s, ssc-pf-c) joined by a veth; the shared bench's udpflood writes 60-byte
# frames onto it from CPU 0 for SECONDS (bounded in time and count); the capturer runs on CPU 1.
# Its utime+stime are read from /proc just before and after the flood (start_cpu: what it used
# before the flood, start-up included). Run the capturer directly, not under /usr/bin/time (which
# ignores the SIGINT that ends it). Everything is removed on exit.
set -u
dur=${1:?seconds}; shift
cmd=${1:?command}
flood=${UDPFLOOD:-${DATA_DIR:-/tmp/sockscope-bench}/bin/udpflood}
[[ -x $flood ]] || flood=/work/benchdata/bin/udpflood
[[ -x $flood ]] || { echo "no udpflood: run ../shared/bench/live.sh once (it builds it), or set UDPFLOOD" >&2; exit 1; }
s=ssc-pf-s c=ssc-pf-c
work=$(mktemp -d)
cleanup() { ip netns del $s 2>/dev/null; ip netns del $c 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
cleanup; work=$(mktemp -d)
ip netns add $s; ip netns add $c
ip link add pfs netns $s type veth peer name pfc netns $c
for ns in $s $c; do ip -n $ns link set lo up; done
ip -n $s link set pfs up; ip -n $c link set pfc up
ip -n $s addr add 10.77.0.1/24 dev pfs; ip -n $c addr add 10.77.0.2/24 dev pfc
ip netns exec $s ping -c1 -W2 10.77.0.2 >/dev/null || { echo "veth not up" >&2; exit 1; }
ip netns exec $c taskset -c 1 sh -c "exec ${cmd//\{IFACE\}/pfc}" >"$work/cap.out" 2>&1 &
capturer=$!
sleep 1.5
cpu_of() { local st; read -r -a st </proc/$capturer/stat; echo $((st[13] + st[14])); }
before=$(cpu_of)
ip netns exec $s taskset -c 0 "$flood" -r pfs -d 10.77.0.2 -p 9 -t "$dur" -n 100000000 >"$work/snd.out" 2>&1
sleep 0.3
after=$(cpu_of)
kill -INT $capturer; wait $capturer
sent=$(grep -o 'sent=[0-9]*' "$work/snd.out" | cut -d= -f2)
captured=$(grep -o '^[0-9]* packets captured' "$work/cap.out" | cut -d' ' -f1)
drops=$(grep -o '^[0-9]* packets dropped' "$work/cap.out" | cut -d' ' -f1)
ticks=$((after - before)) hz=$(getconf CLK_TCK)
echo "sent=$sent captured=${captured:-?} drops=${drops:-?} flood_cpu=$((ticks * 1000 / hz))ms ns/pkt=$((ticks * 1000000000 / hz / (sent > 0 ? sent : 1))) start_cpu=$((before * 1000 / hz))ms"
