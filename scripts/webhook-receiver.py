#!/usr/bin/env python3
"""A small webhook receiver for the demo and the tests: prints each event it receives and, with
--secret, verifies its Standard Webhooks signature with the reference `standardwebhooks` package
(scripts/python-venv.sh webhooks) before answering 204; a bad signature gets 401. With --log,
appends one JSON line per request (headers, body, whether it verified) to that file.

Usage: webhook-receiver.py --port 0 [--secret whsec_...] [--log requests.jsonl] [--port-file F]
                           [--delay-first SECONDS]
       (--port 0 picks a free port and writes it to --port-file; --delay-first holds the first
       request that long before answering, so a test can kill the sender mid-call)
"""
import argparse
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--secret")
    parser.add_argument("--log")
    parser.add_argument("--port-file")
    parser.add_argument("--delay-first", type=float, default=0)
    args = parser.parse_args()
    seen = {"count": 0}
    lock = threading.Lock()
    verifier = None
    if args.secret:
        from standardwebhooks.webhooks import Webhook

        verifier = Webhook(args.secret)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            headers = {k.lower(): v for k, v in self.headers.items()}
            verified = None
            if verifier is not None:
                try:
                    verifier.verify(body.decode("utf-8"), headers)
                    verified = True
                except Exception as error:  # the library raises WebhookVerificationError
                    verified = False
                    print(f"signature rejected: {error}", flush=True)
            if args.log:
                with open(args.log, "a") as log:
                    log.write(json.dumps({"headers": headers, "body": body.decode("utf-8"), "verified": verified}) + "\n")
            try:
                event = json.loads(body)
                data = event.get("data", {})
                summary = ", ".join(f"{k}={data[k]}" for k in ("model", "version", "challenger", "reason", "pipeline") if data.get(k) is not None)
                print(f"webhook: {event.get('type', event.get('text'))} {summary} ({headers.get('webhook-id')})", flush=True)
            except ValueError:
                print("webhook: a body that is not JSON", flush=True)
            with lock:
                seen["count"] += 1
                first = seen["count"] == 1
            if first and args.delay_first > 0:
                time.sleep(args.delay_first)
            self.send_response(401 if verified is False else 204)
            self.end_headers()

        def log_message(self, *_):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    if args.port_file:
        with open(args.port_file, "w") as f:
            f.write(str(server.server_address[1]))
    print(f"webhook receiver on http://127.0.0.1:{server.server_address[1]}/", file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
