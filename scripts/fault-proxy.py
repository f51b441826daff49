"""A small fault-injecting HTTP proxy for tests: forwards requests to an upstream (moto) and, when
told to, answers the next N requests with a fault instead.

    python3 scripts/fault-proxy.py UPSTREAM_URL PORT_FILE   # writes its port to PORT_FILE, serves until killed

Control (not forwarded): GET /__faults__/set?kind=K&count=N[&after=A] queues N faults of kind K,
served after the next A requests have been forwarded, where K is
  slowdown  503 with S3's <Code>SlowDown</Code> body
  throttle  429 Too Many Requests
  error     500 InternalError
  drop      the connection is closed without an answer
GET /__faults__/clear empties the queue; GET /__faults__/stats answers {"forwarded": F,
"faulted": X} as JSON. Standard library only.
"""

import http.client
import http.server
import json
import os
import signal
import socket
import sys
import threading
import urllib.parse

# A parent may hand down SIGTERM ignored or blocked: stop on it as a plain program does.
signal.signal(signal.SIGTERM, signal.SIG_DFL)
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})

UPSTREAM = urllib.parse.urlsplit(sys.argv[1])
LOCK = threading.Lock()
QUEUE = []
SKIP = [0]
STATS = {"forwarded": 0, "faulted": 0}
BODIES = {
    "slowdown": (503, b"<?xml version='1.0' encoding='UTF-8'?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"),
    "throttle": (429, b"<?xml version='1.0' encoding='UTF-8'?><Error><Code>TooManyRequests</Code><Message>Too many requests.</Message></Error>"),
    "error": (500, b"<?xml version='1.0' encoding='UTF-8'?><Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>"),
}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, content_type="application/xml"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def control(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/__faults__/set":
            query = urllib.parse.parse_qs(url.query)
            kind, count = query["kind"][0], int(query["count"][0])
            with LOCK:
                QUEUE.extend([kind] * count)
                SKIP[0] = int(query.get("after", ["0"])[0])
            return self.answer(200, b"ok", "text/plain")
        if url.path == "/__faults__/clear":
            with LOCK:
                QUEUE.clear()
                SKIP[0] = 0
            return self.answer(200, b"ok", "text/plain")
        with LOCK:
            body = json.dumps(STATS).encode()
        return self.answer(200, body, "application/json")

    def handle_any(self):
        if self.path.startswith("/__faults__/"):
            return self.control()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        with LOCK:
            fault = None
            if SKIP[0] > 0:
                SKIP[0] -= 1
            elif QUEUE:
                fault = QUEUE.pop(0)
            STATS["faulted" if fault else "forwarded"] += 1
        if fault == "drop":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault:
            status, text = BODIES[fault]
            return self.answer(status, text)
        upstream = http.client.HTTPConnection(UPSTREAM.hostname, UPSTREAM.port, timeout=30)
        headers = {name: value for name, value in self.headers.items()}
        upstream.request(self.command, self.path, body=body, headers=headers)
        response = upstream.getresponse()
        data = response.read()
        self.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        upstream.close()

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = handle_any


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[2] + ".partial", "w") as out:
    out.write(str(server.server_address[1]))
os.rename(sys.argv[2] + ".partial", sys.argv[2])
server.serve_forever()
