#!/usr/bin/env bash
# Makes the follow/loss captures of this folder (run as root; needs ip, nft, ethtool, tcpdump,
# python3). Topology: client ns ssst-c (10.97.1.2, fd97:1::2) -- router ns ssst-r -- server ns
# ssst-s (10.97.2.2, fd97:2::2). The router drops 1 in 8 forwarded packets at random
# (nftables `numgen random mod 8 == 0 drop` on the forward hook) and every veth has TSO/GSO/GRO
# off, so TCP really loses segments, retransmits, and the captures see gaps and out-of-order data.
# loss-server.pcap is captured on the server's veth (after the loss: holes, late retransmissions),
# loss-client.pcap on the client's (before it: retransmissions, duplicate data).
# Every namespace is removed on exit; the traffic is bounded (3 TCP exchanges, 20 datagrams, 60 s).
set -euo pipefail
cd "$(dirname "$0")"
[ "$(id -u)" = 0 ] || { echo "make.sh: run as root" >&2; exit 1; }
ns="ssst-c ssst-r ssst-s"
pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  for n in $ns; do ip netns del "$n" 2>/dev/null || true; done
}
trap cleanup EXIT
cleanup
for n in $ns; do ip netns add "$n"; ip -n "$n" link set lo up; done
ip link add ssst-c0 netns ssst-c type veth peer name ssst-r1 netns ssst-r
ip link add ssst-s0 netns ssst-s type veth peer name ssst-r2 netns ssst-r
ip -n ssst-c addr add 10.97.1.2/24 dev ssst-c0; ip -n ssst-c addr add fd97:1::2/64 dev ssst-c0 nodad
ip -n ssst-r addr add 10.97.1.1/24 dev ssst-r1; ip -n ssst-r addr add fd97:1::1/64 dev ssst-r1 nodad
ip -n ssst-r addr add 10.97.2.1/24 dev ssst-r2; ip -n ssst-r addr add fd97:2::1/64 dev ssst-r2 nodad
ip -n ssst-s addr add 10.97.2.2/24 dev ssst-s0; ip -n ssst-s addr add fd97:2::2/64 dev ssst-s0 nodad
for pair in ssst-c:ssst-c0 ssst-r:ssst-r1 ssst-r:ssst-r2 ssst-s:ssst-s0; do
  n=${pair%%:*}; d=${pair##*:}
  ip -n "$n" link set "$d" up
  ip netns exec "$n" ethtool -K "$d" tso off gso off gro off tx off rx off >/dev/null 2>&1 || true
done
ip -n ssst-c route add default via 10.97.1.1; ip -n ssst-c -6 route add default via fd97:1::1
ip -n ssst-s route add default via 10.97.2.1; ip -n ssst-s -6 route add default via fd97:2::1
ip netns exec ssst-r sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
ip netns exec ssst-r nft add table inet ssst
ip netns exec ssst-r nft add chain inet ssst lossy '{ type filter hook forward priority 0; }'
ip netns exec ssst-r nft add rule inet ssst lossy numgen random mod 8 == 0 drop
sleep 1
ip netns exec ssst-s timeout 70 tcpdump -i ssst-s0 -s 0 -U -w loss-server.pcap 'tcp or udp' 2>/dev/null & pids="$pids $!"
ip netns exec ssst-c timeout 70 tcpdump -i ssst-c0 -s 0 -U -w loss-client.pcap 'tcp or udp' 2>/dev/null & pids="$pids $!"
ip netns exec ssst-s timeout 65 python3 peer.py server 10.97.2.2 fd97:2::2 60 & pids="$pids $!"
sleep 2
ip netns exec ssst-c timeout 60 python3 peer.py client 10.97.2.2 fd97:2::2 || true
sleep 2
for p in $pids; do kill -INT "$p" 2>/dev/null || true; done
wait 2>/dev/null || true
pids=""
ls -l loss-server.pcap loss-client.pcap
