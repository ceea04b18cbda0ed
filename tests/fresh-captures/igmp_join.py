"""Joins an IPv4 and an IPv6 multicast group for a moment, then leaves (IGMP/MLD reports and leaves)."""
import socket
import struct
import sys
import time

group4, group6, ifname = sys.argv[1], sys.argv[2], sys.argv[3]
s4 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s4.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, socket.inet_aton(group4) + socket.inet_aton("0.0.0.0"))
s6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, socket.inet_pton(socket.AF_INET6, group6) + struct.pack("@I", socket.if_nametoindex(ifname)))
time.sleep(1.5)
s4.setsockopt(socket.IPPROTO_IP, socket.IP_DROP_MEMBERSHIP, socket.inet_aton(group4) + socket.inet_aton("0.0.0.0"))
s6.close()
time.sleep(0.5)
