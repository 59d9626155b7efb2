#!/usr/bin/env python3
"""A stand-in for an SMS gateway: answers every POST, writes one JSON line per request to LOG.

usage: sms-receiver.py PORT LOG [--fail-first | --hang-first] [--tls CERT KEY]
With --fail-first the first request gets 503 (the sender must retry with the same Idempotency-Key).
With --hang-first the first request is written down ("status": 0) but never answered: the sender has
handed the message over and not yet recorded it, the moment a crash may make it send it again.
With --tls it speaks HTTPS with that certificate and key.
It keeps connections open between requests (HTTP/1.1).
Each line: {"path", "key" (Idempotency-Key), "auth" (Authorization), "type" (Content-Type), "peer" (the client's
port: the same for requests over one connection), "status", "body"}.
"""
import http.server, json, ssl, sys, time

port, log = int(sys.argv[1]), sys.argv[2]
fail_first = "--fail-first" in sys.argv[3:]
hang_first = "--hang-first" in sys.argv[3:]
tls = sys.argv[sys.argv.index("--tls") + 1:sys.argv.index("--tls") + 3] if "--tls" in sys.argv else None
seen = []


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8")
        seen.append(1)
        first = len(seen) == 1
        status = 503 if fail_first and first else 0 if hang_first and first else 200
        with open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps({"path": self.path, "key": self.headers.get("Idempotency-Key"),
                                "auth": self.headers.get("Authorization"),
                                "type": self.headers.get("Content-Type"), "peer": self.client_address[1], "status": status, "body": body},
                               ensure_ascii=False) + "\n")
        if status == 0:
            time.sleep(600)
            return
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
server.daemon_threads = True
if tls:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tls[0], tls[1])
    server.socket = context.wrap_socket(server.socket, server_side=True)
server.serve_forever()
