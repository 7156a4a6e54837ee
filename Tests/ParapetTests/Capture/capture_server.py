"""A loopback-only HTTP server for the capture tests (127.0.0.1, a free port, printed first).

GET /        -> 301 to /home (a redirect hop to record)
GET /home    -> 200 HTML with two Set-Cookie headers and two Strict-Transport-Security headers
OPTIONS *    -> 204 with CORS headers (the Observatory's preflight)
With two arguments (a certificate and its key) it speaks HTTPS with that certificate.
It stops itself after 60 seconds or when its standard input closes.
"""
import http.server
import sys
import threading


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, headers, body=b""):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        if self.path == "/":
            self.send(301, [("Location", "/home"), ("Content-Type", "text/plain")])
            return
        body = (b"<!doctype html><html><head><title>t</title>"
                b"<script src=\"https://cdn.example.net/lib.js\"></script></head><body>hi</body></html>")
        self.send(200, [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Set-Cookie", "sessionid=abc123; Path=/; HttpOnly"),
            ("Set-Cookie", "csrftoken=def456; Path=/; SameSite=Lax"),
            ("X-Frame-Options", "DENY"),
            ("X-Content-Type-Options", "nosniff"),
            ("Strict-Transport-Security", "max-age=63072000"),
            ("Strict-Transport-Security", "max-age=31536000"),
        ], body)

    def do_OPTIONS(self):
        self.send(204, [("Access-Control-Allow-Origin", "*"),
                        ("Access-Control-Allow-Methods", "GET")])


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
if len(sys.argv) == 3:
    import ssl
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[1], sys.argv[2])
    server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
watch = threading.Thread(target=lambda: sys.stdin.read(), daemon=True)
watch.start()
watch.join(60)
server.shutdown()
