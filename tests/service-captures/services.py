#!/usr/bin/env python3
"""One short conversation per protocol on loopback (127.0.0.1 only), for make.sh to capture.

Each server runs in a thread, answers one client and stops; every socket has a 5 s timeout, so
nothing can hang. TLS uses the self-signed certificate make.sh creates (cert.pem, key.pem).
"""
import socket, ssl, struct, sys, threading, time, http.server

HOST = "127.0.0.1"
cert, key = sys.argv[1], sys.argv[2]


def tcp_server(port, handler):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((HOST, port))
    s.listen(1)
    s.settimeout(5)

    def run():
        try:
            c, _ = s.accept()
            c.settimeout(5)
            with c:
                handler(c)
        except OSError:
            pass
        finally:
            s.close()
    t = threading.Thread(target=run)
    t.start()
    return t


def lines(server_lines, client_lines, port):
    """A text dialogue: the server greets, then answers each client line with the next line."""
    def serve(c):
        c.sendall(server_lines[0])
        for reply in server_lines[1:]:
            c.recv(1024)
            c.sendall(reply)
    t = tcp_server(port, serve)
    with socket.create_connection((HOST, port), timeout=5) as c:
        c.recv(1024)
        for line in client_lines:
            c.sendall(line)
            c.recv(1024)
    t.join()


# TLS on a port Zeek does not register for SSL: both hellos are needed (and seen).
def tls(port):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)

    def serve(c):
        with ctx.wrap_socket(c, server_side=True) as t:
            t.sendall(t.recv(100))
    t = tcp_server(port, serve)
    client = ssl.create_default_context()
    client.check_hostname = False
    client.verify_mode = ssl.CERT_NONE
    with socket.create_connection((HOST, port), timeout=5) as raw, client.wrap_socket(raw) as c:
        c.sendall(b"ping")
        c.recv(100)
    t.join()


# A ClientHello to a server that is not TLS: tshark names it tls, Zeek (and we) need the ServerHello off SSL's ports.
def tls_unanswered(port):
    t = tcp_server(port, lambda c: (c.recv(4096), c.sendall(b"not tls\r\n")))
    client = ssl.create_default_context()
    client.check_hostname = False
    client.verify_mode = ssl.CERT_NONE
    with socket.create_connection((HOST, port), timeout=5) as raw:
        try:
            client.wrap_socket(raw)
        except (ssl.SSLError, OSError):
            pass
    t.join()


def http_exchange(port):
    class Quiet(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"hello\n"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass
    server = http.server.HTTPServer((HOST, port), Quiet)
    server.timeout = 5
    t = threading.Thread(target=server.handle_request)
    t.start()
    with socket.create_connection((HOST, port), timeout=5) as c:
        c.sendall(b"GET /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        while c.recv(4096):
            pass
    t.join()
    server.server_close()


def udp_exchange(port, request, reply):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((HOST, port))
    s.settimeout(5)
    c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    c.settimeout(5)
    c.sendto(request, (HOST, port))
    _, peer = s.recvfrom(2048)
    s.sendto(reply, peer)
    c.recvfrom(2048)
    s.close()
    c.close()


def dns_query(qid, response):
    name = b"".join(bytes([len(l)]) + l for l in (b"example", b"com")) + b"\0"
    flags = 0x8180 if response else 0x0100
    header = struct.pack("!HHHHHH", qid, flags, 1, 1 if response else 0, 0, 0)
    answer = b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 60, 4) + bytes([192, 0, 2, 1]) if response else b""
    return header + name + struct.pack("!HH", 1, 1) + answer


tls(8443)
tls_unanswered(4433)
http_exchange(8081)
lines([b"SSH-2.0-sockscope_test\r\n"], [b"SSH-2.0-client_test\r\n"], 2222)
lines([b"220 ftp.example ready\r\n", b"331 Password required\r\n", b"230 Logged in\r\n"], [b"USER anonymous\r\n", b"PASS x\r\n"], 2121)
lines([b"220 mx.example ESMTP\r\n", b"250 mx.example\r\n"], [b"EHLO client.example\r\n"], 2525)
lines([b"+OK POP3 ready\r\n", b"+OK\r\n"], [b"CAPA\r\n"], 1100)
udp_exchange(53, dns_query(0x1234, False), dns_query(0x1234, True))
udp_exchange(123, bytes([0x23]) + bytes(47), bytes([0x24, 2]) + bytes(46))
udp_exchange(9999, b"no protocol here", b"nor here")
time.sleep(0.5)
