#!/bin/bash
# flow-export-bench.sh: the figures of docs/flows.md. CPU of exporting bench's 1M-packet capture
# (shared/bench/make-pcap.sh) beside `read -w /dev/null`, conn.log and softflowd, nfcapd listening.
# usage: scripts/flow-export-bench.sh [PCAP]   env: SOCKSCOPE (default: the Release build)
here=$(cd "$(dirname "$0")/.." && pwd)
S=${SOCKSCOPE:-$here/src/SockScope.Cli/bin/Release/net10.0/sockscope}
F=${1:-/tmp/sockscope-bench/mixed.pcap}
D=$(mktemp -d /tmp/ssex-bench.XXXX)
nfcapd -b 127.0.0.1 -p 39911 -w $D -t 3600 -B 8388608 > $D/nfcapd.log 2>&1 & N=$!
sleep 1
cat $F > /dev/null
for i in 1 2 3; do
  /usr/bin/time -f "read-w            %e s wall %U user %S sys %M KB" $S read $F -w /dev/null 2>&1 | tail -1
  /usr/bin/time -f "read-export       %e s wall %U user %S sys %M KB" $S read $F --export ipfix://127.0.0.1:39911 --export-only 2>&1 | tail -3
  /usr/bin/time -f "flows-export-only %e s wall %U user %S sys %M KB" $S flows $F --export ipfix://127.0.0.1:39911 --export-only 2>&1 | tail -1
  /usr/bin/time -f "flows-conn.log    %e s wall %U user %S sys %M KB" $S flows $F -w /dev/null 2>&1 | tail -1
  /usr/bin/time -f "softflowd         %e s wall %U user %S sys %M KB" softflowd -d -r $F -n 127.0.0.1:39911 -v 10 2>&1 | tail -1
done
kill $N; wait $N; tail -2 $D/nfcapd.log; rm -rf $D
