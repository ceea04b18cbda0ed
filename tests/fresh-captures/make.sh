#!/usr/bin/env bash
# Makes ordinary traffic between three network namespaces and captures it with tcpdump, so the
# printer can be compared with tcpdump on packets from a real stack (see FreshCaptureTests).
#
#   ssw-a (10.90.1.2, fd90:1::2) --- ssw-r (router) --- ssw-b (10.90.2.2, fd90:2::2)
#
# Run as root from this folder: ./make.sh. It takes about 30 seconds, writes fresh.pcap (captured
# in ssw-a) and router-any.pcap (captured on "any" in ssw-r as Linux cooked v1: v2 output names
# interfaces of the machine that reads the file), each with
# tcpdump's -nn -tt and -v output beside it, and removes every namespace and process it creates,
# also when it fails. Only the namespace names ssw-* and the subnets 10.90.0.0/16, fd90::/16 are used.
set -euo pipefail
cd "$(dirname "$0")"
export TZ=UTC LC_ALL=C

PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for ns in ssw-a ssw-b ssw-r; do ip netns del "$ns" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM
cleanup

in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

for ns in ssw-a ssw-b ssw-r; do ip netns add "$ns"; in_ns "$ns" ip link set lo up; done
ip link add ssw-a0 netns ssw-a type veth peer name ssw-ra netns ssw-r
ip link add ssw-b0 netns ssw-b type veth peer name ssw-rb netns ssw-r
# Fixed MAC addresses keep the captures reproducible.
in_ns ssw-a ip link set ssw-a0 address 02:5a:00:01:00:02
in_ns ssw-r ip link set ssw-ra address 02:5a:00:01:00:01
in_ns ssw-r ip link set ssw-rb address 02:5a:00:02:00:01
in_ns ssw-b ip link set ssw-b0 address 02:5a:00:02:00:02
in_ns ssw-a ip addr add 10.90.1.2/24 dev ssw-a0
in_ns ssw-a ip addr add fd90:1::2/64 dev ssw-a0 nodad
in_ns ssw-r ip addr add 10.90.1.1/24 dev ssw-ra
in_ns ssw-r ip addr add fd90:1::1/64 dev ssw-ra nodad
in_ns ssw-r ip addr add 10.90.2.1/24 dev ssw-rb
in_ns ssw-r ip addr add fd90:2::1/64 dev ssw-rb nodad
in_ns ssw-b ip addr add 10.90.2.2/24 dev ssw-b0
in_ns ssw-b ip addr add fd90:2::2/64 dev ssw-b0 nodad
for pair in "ssw-a ssw-a0" "ssw-r ssw-ra" "ssw-r ssw-rb" "ssw-b ssw-b0"; do
    set -- $pair
    # No router solicitations or DAD noise: only the traffic made below.
    in_ns "$1" sysctl -qw net.ipv6.conf."$2".router_solicitations=0 net.ipv6.conf."$2".dad_transmits=0
    in_ns "$1" ip link set "$2" up
done
in_ns ssw-r sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
in_ns ssw-a ip route add default via 10.90.1.1
in_ns ssw-a ip -6 route add default via fd90:1::1
in_ns ssw-b ip route add default via 10.90.2.1
in_ns ssw-b ip -6 route add default via fd90:2::1
sleep 1

in_ns ssw-a timeout 60 tcpdump -i ssw-a0 -U -s 2048 -w fresh.pcap 2>/dev/null & PIDS+=($!)
in_ns ssw-r timeout 60 tcpdump -i any -y LINUX_SLL -U -s 2048 -w router-any.pcap 2>/dev/null & PIDS+=($!)
in_ns ssw-b timeout 40 python3 dns_responder.py 10.90.2.2 6 & PIDS+=($!)
in_ns ssw-b timeout 40 python3 http_server.py 10.90.2.2 30 & PIDS+=($!)
sleep 2

in_ns ssw-a ping -c 2 -i 0.2 -W 1 10.90.2.2 >/dev/null
in_ns ssw-a ping -6 -c 2 -i 0.2 -W 1 fd90:2::2 >/dev/null
in_ns ssw-a ping -c 1 -s 3000 -W 1 10.90.2.2 >/dev/null
in_ns ssw-a ping -6 -c 1 -s 3000 -W 1 fd90:2::2 >/dev/null
in_ns ssw-a timeout 10 python3 dns_client.py 10.90.2.2
in_ns ssw-a timeout 10 python3 dns_client.py 10.90.2.2
in_ns ssw-a timeout 10 curl -s -o /dev/null --max-time 5 http://10.90.2.2/
in_ns ssw-a timeout 10 traceroute -n -q 1 -w 1 -m 3 10.90.2.2 >/dev/null || true
in_ns ssw-a timeout 10 python3 igmp_join.py 239.90.1.1 ff15::5a ssw-a0
sleep 1

for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
wait 2>/dev/null || true
PIDS=()

for f in fresh.pcap router-any.pcap; do
    tcpdump -nn -tt -r "$f" > "$f.nn.txt" 2>/dev/null
    tcpdump -nn -tt -v -r "$f" > "$f.v.txt" 2>/dev/null
done
ls -l fresh.pcap router-any.pcap
