"""A tiny DNS responder for the fresh-capture script: answers A queries with 10.90.2.53,
AAAA with fd90:2::53, everything else with NXDOMAIN. Exits after max_queries or timeout."""
import socket
import struct
import sys

def answer(query: bytes) -> bytes:
    ident, flags, qd = struct.unpack("!HHH", query[:6])
    at = 12
    while query[at] != 0:
        at += 1 + query[at]
    qname_end = at + 1
    qtype, qclass = struct.unpack("!HH", query[qname_end:qname_end + 4])
    question = query[12:qname_end + 4]
    if qtype == 1:
        rdata, rcode = socket.inet_pton(socket.AF_INET, "10.90.2.53"), 0
    elif qtype == 28:
        rdata, rcode = socket.inet_pton(socket.AF_INET6, "fd90:2::53"), 0
    else:
        rdata, rcode = None, 3
    header = struct.pack("!HHHHHH", ident, 0x8180 | rcode, 1, 1 if rdata else 0, 0, 0)
    body = question
    if rdata:
        body += struct.pack("!HHHIH", 0xC00C, qtype, qclass, 300, len(rdata)) + rdata
    return header + body

def main() -> None:
    address, max_queries = sys.argv[1], int(sys.argv[2])
    sock = socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((address, 53))
    sock.settimeout(20)
    for _ in range(max_queries):
        try:
            data, peer = sock.recvfrom(2048)
        except socket.timeout:
            return
        sock.sendto(answer(data), peer)

main()
