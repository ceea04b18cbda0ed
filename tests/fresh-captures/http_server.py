"""A one-folder HTTP server for the fresh-capture script. Unlike `python3 -m http.server` it does
not look its own name up (HTTPServer.server_bind calls getfqdn, which would send a DNS query to
the host's resolver), so no packet leaves the test namespaces."""
import http.server
import socketserver
import sys

class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass

class Server(socketserver.TCPServer):
    allow_reuse_address = True

with Server((sys.argv[1], 80), QuietHandler) as server:
    server.timeout = 1
    for _ in range(int(sys.argv[2])):
        server.handle_request()
