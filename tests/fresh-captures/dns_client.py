"""Sends a few DNS queries (A, AAAA, MX) to the given server and prints nothing."""
import random
import socket
import struct
import sys

def query(name: str, qtype: int) -> bytes:
    labels = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    return struct.pack("!HHHHHH", random.randrange(65536), 0x0100, 1, 0, 0, 0) + labels + struct.pack("!HH", qtype, 1)

server = sys.argv[1]
sock = socket.socket(socket.AF_INET6 if ":" in server else socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(2)
for name, qtype in (("www.example.test", 1), ("www.example.test", 28), ("mail.example.test", 15)):
    sock.sendto(query(name, qtype), (server, 53))
    try:
        sock.recvfrom(2048)
    except socket.timeout:
        pass
