#!/usr/bin/env bash
# Three namespaces for the probe tests and measurements: ssp-h1 -- ssp-r -- ssp-h2.
#   ssp-h1 veth ssp-h1r 10.92.1.2/24 fd92:1::2/64   (router side ssp-rh1 10.92.1.1 fd92:1::1)
#   ssp-h2 veth ssp-h2r 10.92.2.2/24 fd92:2::2/64   (router side ssp-rh2 10.92.2.1 fd92:2::1)
# Usage: ping-topology.sh up | down
# SOCKSCOPE_NS_PREFIX (default ssp-) names the namespaces and links, so that two runs never collide.
set -euo pipefail
P=${SOCKSCOPE_NS_PREFIX:-ssp-}
down() {
    for ns in ${P}h1 ${P}r ${P}h2; do ip netns del "$ns" 2>/dev/null || true; done
}
up() {
    down
    for ns in ${P}h1 ${P}r ${P}h2; do
        ip netns add "$ns"; ip -n "$ns" link set lo up
        # No duplicate address detection: IPv6 works as soon as the links are up.
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
    done
    ip link add ${P}h1r netns ${P}h1 type veth peer name ${P}rh1 netns ${P}r
    ip link add ${P}h2r netns ${P}h2 type veth peer name ${P}rh2 netns ${P}r
    ip netns exec ${P}r sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
    ip netns exec ${P}r sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0 net.ipv4.icmp_msgs_per_sec=100000 net.ipv4.icmp_msgs_burst=10000
    ip -n ${P}h1 addr add 10.92.1.2/24 dev ${P}h1r; ip -n ${P}h1 addr add fd92:1::2/64 dev ${P}h1r nodad
    ip -n ${P}h2 addr add 10.92.2.2/24 dev ${P}h2r; ip -n ${P}h2 addr add fd92:2::2/64 dev ${P}h2r nodad
    ip -n ${P}r addr add 10.92.1.1/24 dev ${P}rh1; ip -n ${P}r addr add fd92:1::1/64 dev ${P}rh1 nodad
    ip -n ${P}r addr add 10.92.2.1/24 dev ${P}rh2; ip -n ${P}r addr add fd92:2::1/64 dev ${P}rh2 nodad
    ip -n ${P}h1 link set ${P}h1r up; ip -n ${P}h2 link set ${P}h2r up
    ip -n ${P}r link set ${P}rh1 up; ip -n ${P}r link set ${P}rh2 up
    ip -n ${P}h1 route add default via 10.92.1.1; ip -n ${P}h1 -6 route add default via fd92:1::1
    ip -n ${P}h2 route add default via 10.92.2.1; ip -n ${P}h2 -6 route add default via fd92:2::1
}
case "${1:-}" in
    up) up ;;
    down) down ;;
    *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
