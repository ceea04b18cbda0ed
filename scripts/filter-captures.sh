#!/usr/bin/env bash
# Makes the small fresh captures in tests/filter-captures/ (run as root; only ssf-* namespaces and
# 10.94.0.0/16, fd94::/16 addresses; everything it creates is removed on exit):
#   en10mb.pcap       Ethernet from a veth: ARP, ICMP/ICMPv6 (also fragmented), TCP, UDP
#   vlan.pcap         the frames of en10mb.pcap with 802.1Q tags inserted (VLAN 94, 1, and QinQ 88a8/94),
#                     since this kernel has no 8021q module to make VLAN interfaces
#   linux_sll.pcap    the same traffic on "any" as Linux cooked v1
#   linux_sll2.pcap   the same traffic on "any" as Linux cooked v2
#   raw.pcap, null.pcap, ipv4.pcap   the IP packets of en10mb.pcap re-framed (Ethernet header removed)
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/tests/filter-captures"
mkdir -p "$out"
A=ssf-a B=ssf-b
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  ip netns del $A 2>/dev/null || true
  ip netns del $B 2>/dev/null || true
}
trap cleanup EXIT
cleanup
ip netns add $A; ip netns add $B
ip link add ssf-va netns $A type veth peer name ssf-vb netns $B
ip -n $A link set lo up; ip -n $B link set lo up
ip -n $A link set ssf-va address 02:00:00:00:00:01 up
ip -n $B link set ssf-vb address 02:00:00:00:00:02 up
ip -n $A addr add 10.94.0.1/24 dev ssf-va; ip -n $B addr add 10.94.0.2/24 dev ssf-vb
ip -n $A addr add fd94::1/64 dev ssf-va nodad; ip -n $B addr add fd94::2/64 dev ssf-vb nodad
sleep 1
ip netns exec $A tcpdump -q -i ssf-va -w "$out/en10mb.pcap" -s 262144 2>/dev/null & pids+=($!)
ip netns exec $A tcpdump -q -i any -y LINUX_SLL -w "$out/linux_sll.pcap" 2>/dev/null & pids+=($!)
ip netns exec $A tcpdump -q -i any -y LINUX_SLL2 -w "$out/linux_sll2.pcap" 2>/dev/null & pids+=($!)
sleep 2
# Bounded traffic, only between the two namespaces.
ip netns exec $A ping -c 3 -i 0.2 -W 1 10.94.0.2 >/dev/null || true
ip netns exec $A ping -c 2 -i 0.2 -W 1 -s 1200 10.94.0.2 >/dev/null || true
ip netns exec $A ping -c 2 -i 0.2 -W 1 -s 3000 10.94.0.2 >/dev/null || true
ip netns exec $A ping -6 -c 3 -i 0.2 -W 1 fd94::2 >/dev/null || true
ip netns exec $A ping -c 1 -W 1 -b 10.94.0.255 >/dev/null 2>&1 || true
ip netns exec $B timeout 5 python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("0.0.0.0", 5201)); s.listen(4)
for _ in range(2):
    c, _ = s.accept(); c.recv(65536); c.sendall(b"pong" * 100); c.close()
' & server=$!
sleep 0.5
ip netns exec $A timeout 5 python3 -c '
import socket, time
for host in ("10.94.0.2", "10.94.0.2"):
    c = socket.create_connection((host, 5201), timeout=2); c.sendall(b"ping" * 50); c.recv(65536); c.close()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for port in (53, 123, 33434, 5201): u.sendto(b"x" * 20, ("10.94.0.2", port))
u6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
for port in (53, 5201): u6.sendto(b"y" * 30, ("fd94::2", port))
t6 = socket.socket(socket.AF_INET6); t6.settimeout(1)
try: t6.connect(("fd94::2", 80))
except OSError: pass
time.sleep(0.3)
' || true
wait $server 2>/dev/null || true
sleep 1
for p in "${pids[@]}"; do kill -INT "$p" 2>/dev/null || true; done
for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
pids=()
# Re-frame the IP packets of the Ethernet capture as RAW (101), NULL (0, little-endian AF) and IPV4 (228).
python3 - "$out" <<'PY'
import struct, sys
out = sys.argv[1]
b = open(out + "/en10mb.pcap", "rb").read()
e = "<" if b[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
recs, at = [], 24
while at + 16 <= len(b):
    sec, frac, incl, orig = struct.unpack(e + "IIII", b[at:at + 16]); data = b[at + 16:at + 16 + incl]; at += 16 + incl
    etype = struct.unpack(">H", data[12:14])[0] if len(data) >= 14 else 0
    if etype in (0x0800, 0x86dd): recs.append((sec, frac, data[14:], orig - 14, etype))
def write(name, link, frame):
    with open(out + "/" + name, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 262144, link))
        for sec, frac, data, orig, etype in recs:
            d = frame(data, etype)
            if d is None: continue
            f.write(struct.pack("<IIII", sec, frac // (1000 if b[:4] in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d") else 1), len(d), orig + len(d) - len(data))); f.write(d)
vl = []
at = 24
i = 0
while at + 16 <= len(b):
    sec, frac, incl, orig = struct.unpack(e + "IIII", b[at:at + 16]); data = b[at + 16:at + 16 + incl]; at += 16 + incl
    if len(data) < 14: continue
    tag = [struct.pack(">HH", 0x8100, 94), struct.pack(">HH", 0x8100, 1), struct.pack(">HHHH", 0x88a8, 94, 0x8100, 7)][i % 3]; i += 1
    vl.append((sec, frac, data[:12] + tag + data[12:], orig + len(tag)))
with open(out + "/vlan.pcap", "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1))
    for sec, frac, data, orig in vl:
        f.write(struct.pack("<IIII", sec, frac // (1000 if b[:4] in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d") else 1), len(data), orig)); f.write(data)
write("raw.pcap", 101, lambda d, t: d)
write("null.pcap", 0, lambda d, t: struct.pack("<I", 2 if t == 0x0800 else 10) + d)
write("ipv4.pcap", 228, lambda d, t: d if t == 0x0800 else None)
PY
ls -l "$out"
