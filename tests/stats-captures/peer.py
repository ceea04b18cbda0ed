#!/usr/bin/env python3
"""Traffic for make.sh, bounded in count and time. `server ADDR` answers TCP on 8080 (reads a
request line plus its body, then sends a text body back) and echoes UDP on 5300; `client ADDR`
makes three TCP exchanges and 20 UDP round trips against a server. Addresses are the test's own
namespaced 10.97.x / fd97: hosts."""
import socket, sys, threading, time

def body(tag, size):
    line = (tag + " the quick brown fox jumps over the lazy dog 0123456789\n").encode()
    return (line * (size // len(line) + 1))[:size]

def serve_tcp(addr, deadline):
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, 8080)); s.listen(8); s.settimeout(1)
    while time.time() < deadline:
        try:
            c, _ = s.accept()
        except socket.timeout:
            continue
        c.settimeout(20)
        data = b""
        try:
            while b"\n" not in data:
                data += c.recv(4096)
            head, rest = data.split(b"\n", 1)
            want = int(head.split(b" ")[1])
            got = len(rest)
            while got < want:
                chunk = c.recv(65536)
                if not chunk: break
                got += len(chunk)
            c.sendall(body("reply", 60000))
        except (OSError, ValueError, IndexError):
            pass
        c.close()

def serve_udp(addr, deadline):
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(family, socket.SOCK_DGRAM)
    s.bind((addr, 5300)); s.settimeout(1)
    while time.time() < deadline:
        try:
            data, peer = s.recvfrom(2048)
            s.sendto(b"echo:" + data, peer)
        except socket.timeout:
            continue

def client(v4, v6):
    for addr, size in ((v4, 30000), (v6, 20000), (v4, 5000)):
        family = socket.AF_INET6 if ":" in addr else socket.AF_INET
        c = socket.socket(family, socket.SOCK_STREAM)
        c.settimeout(30)
        try:
            c.connect((addr, 8080))
            c.sendall(b"POST %d\n" % size + body("request", size))
            while c.recv(65536):
                pass
        except OSError as e:
            print("client:", e, file=sys.stderr)
        c.close()
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.settimeout(0.3)
    for i in range(20):
        u.sendto(b"datagram %d " % i + b"x" * (i * 10), (v4, 5300))
        try:
            u.recv(2048)
        except socket.timeout:
            pass

if __name__ == "__main__":
    import signal
    signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
    if sys.argv[1] == "server":
        deadline = time.time() + float(sys.argv[4])
        threads = [threading.Thread(target=serve_tcp, args=(a, deadline)) for a in sys.argv[2:4]]
        threads.append(threading.Thread(target=serve_udp, args=(sys.argv[2], deadline)))
        for t in threads: t.start()
        for t in threads: t.join()
    else:
        client(sys.argv[2], sys.argv[3])
