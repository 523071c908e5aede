#!/usr/bin/env python3
"""A fault-injecting HTTP proxy in front of the local Octavia API, on loopback only.

    scripts/octavia-fault-proxy.py --upstream http://127.0.0.1:9876 [--listen 127.0.0.1:9877] [--rate 0.1]
        [--kinds error,reset,reset-after,slow,conflict] [--methods GET,PUT,POST,DELETE] [--slow-seconds 2] [--seed 1]
        [--port-file F] [--stats F] [--log F]

A share --rate of the requests (of --methods; default all) gets one fault, the kinds in equal parts:
  error        a 500/502/503/504 answer (a gateway in front of a failing API); the request is not forwarded
  reset        the connection is reset (RST) after the request was read; not forwarded
  reset-after  forwarded, Octavia's answer read, then the connection is reset: the change may have been made
  slow         forwarded after --slow-seconds (answers late; a read past the client's own limit times out)
  conflict     409 "Invalid state PENDING_UPDATE", as Octavia says when the LB is busy; changes only (PUT/POST/DELETE)
Which request gets which fault is seeded per (method, path, how many times that pair was asked before), so the same
sequence of requests gets the same faults however the requests interleave. GET /__proxy__/stats answers the counts
(also written to --stats on SIGTERM/SIGINT); --log gets one JSON line per request. Standard library only.
"""
import argparse
import http.client
import json
import os
import random
import signal
import socket
import struct
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KINDS = ("error", "reset", "reset-after", "slow", "conflict")
CHANGES = ("PUT", "POST", "DELETE", "PATCH")
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
              "transfer-encoding", "upgrade", "host", "content-length"}


class Faults:
    """The seeded fault decision and the counts, shared by the handler threads."""

    def __init__(self, seed, rate, kinds, methods):
        self.seed, self.rate, self.kinds, self.methods = seed, rate, kinds, methods
        self.lock = threading.Lock()
        self.asked = {}
        self.stats = {"requests": 0, "forwarded": 0, "faults": {k: 0 for k in kinds}, "by_method": {}}

    def decide(self, method, path):
        with self.lock:
            key = (method, path)
            n = self.asked.get(key, 0)
            self.asked[key] = n + 1
            self.stats["requests"] += 1
            self.stats["by_method"][method] = self.stats["by_method"].get(method, 0) + 1
        draw = random.Random(f"{self.seed}:{method}:{path}:{n}")
        if draw.random() >= self.rate or (self.methods and method not in self.methods):
            return None, draw
        kinds = [k for k in self.kinds if k != "conflict" or method in CHANGES]
        if not kinds:
            return None, draw
        kind = kinds[draw.randrange(len(kinds))]
        with self.lock:
            self.stats["faults"][kind] += 1
        return kind, draw

    def forwarded(self):
        with self.lock:
            self.stats["forwarded"] += 1

    def snapshot(self):
        with self.lock:
            return json.loads(json.dumps(self.stats))


def handler_for(upstream, faults, slow_seconds, log):
    target = urllib.parse.urlsplit(upstream)
    local = threading.local()
    log_lock = threading.Lock()

    def upstream_connection():
        if getattr(local, "conn", None) is None:
            local.conn = http.client.HTTPConnection(target.hostname, target.port or 80, timeout=120)
        return local.conn

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as gunicorn's threaded workers answer

        def log_message(self, *args):
            pass

        def handle_one(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            path_only = urllib.parse.urlsplit(self.path).path
            if self.command == "GET" and path_only == "/__proxy__/stats":
                return self.answer(200, json.dumps(faults.snapshot()).encode())
            kind, draw = faults.decide(self.command, path_only)
            self.record(kind)
            if kind == "error":
                status = draw.choice((500, 502, 503, 504))
                return self.answer(status, json.dumps({"faultstring": f"injected {status} (octavia-fault-proxy)"}).encode())
            if kind == "conflict":
                return self.answer(409, json.dumps({"faultstring": "Invalid state PENDING_UPDATE of loadbalancer resource (injected by octavia-fault-proxy)"}).encode())
            if kind == "reset":
                return self.reset()
            if kind == "slow":
                time.sleep(slow_seconds)
            status, headers, data = self.forward(body)
            faults.forwarded()
            if kind == "reset-after":
                return self.reset()
            self.answer(status, data, headers)

        def do_GET(self):
            self.handle_one()

        do_PUT = do_POST = do_DELETE = do_PATCH = do_HEAD = do_GET

        def forward(self, body):
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            for attempt in (1, 2):  # a pooled upstream connection the API closed meanwhile: reconnect once
                conn = upstream_connection()
                try:
                    conn.request(self.command, self.path, body=body, headers=headers)
                    response = conn.getresponse()
                    data = response.read()
                    return response.status, [(k, v) for k, v in response.getheaders() if k.lower() not in HOP_BY_HOP], data
                except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                    conn.close()
                    local.conn = None
                    if attempt == 2:
                        raise

        def answer(self, status, data, headers=None):
            self.send_response(status)
            for k, v in headers or [("Content-Type", "application/json")]:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def reset(self):
            # SO_LINGER 0: close() sends RST, not FIN, so the client sees "connection reset by peer".
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()

        def record(self, kind):
            if log is None:
                return
            line = json.dumps({"t": round(time.time(), 3), "method": self.command, "path": urllib.parse.urlsplit(self.path).path,
                               "fault": kind, "client_port": self.client_address[1]})
            with log_lock:
                log.write(line + "\n")
                log.flush()

        def finish(self):
            try:
                super().finish()
            except OSError:
                pass  # the connection was reset on purpose

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--upstream", required=True, help="the Octavia API, e.g. http://127.0.0.1:9876")
    parser.add_argument("--listen", default="127.0.0.1:0", help="address:port on loopback (port 0: any free one)")
    parser.add_argument("--rate", type=float, default=0.1, help="share of requests that get a fault (default 0.1)")
    parser.add_argument("--kinds", default=",".join(KINDS), help="fault kinds, comma-separated (default: all)")
    parser.add_argument("--methods", default="", help="fault only requests of these methods, comma-separated (default: all)")
    parser.add_argument("--slow-seconds", type=float, default=2.0, help="delay of a slow answer (default 2)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port-file", help="write the port listened on here once listening")
    parser.add_argument("--stats", help="write the counts here as JSON on SIGTERM/SIGINT")
    parser.add_argument("--log", help="append one JSON line per request here")
    args = parser.parse_args()

    kinds = tuple(k.strip() for k in args.kinds.split(",") if k.strip())
    unknown = [k for k in kinds if k not in KINDS]
    if unknown or not 0 <= args.rate <= 1:
        parser.error(f"unknown fault kinds {unknown}" if unknown else "--rate must be between 0 and 1")
    host, _, port = args.listen.rpartition(":")
    if host not in ("127.0.0.1", "localhost", "::1"):
        parser.error("the proxy listens on loopback only (127.0.0.1)")
    methods = tuple(m.strip().upper() for m in args.methods.split(",") if m.strip())
    faults = Faults(args.seed, args.rate, kinds, methods)
    log = open(args.log, "a", encoding="utf-8") if args.log else None
    server = ThreadingHTTPServer(("127.0.0.1" if host == "localhost" else host, int(port)),
                                 handler_for(args.upstream.rstrip("/"), faults, args.slow_seconds, log))
    server.daemon_threads = True

    def stop(*_):
        if args.stats:
            with open(args.stats, "w", encoding="utf-8") as f:
                json.dump(faults.snapshot(), f)
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    bound = server.server_address[1]
    if args.port_file:
        with open(args.port_file + ".tmp", "w", encoding="utf-8") as f:
            f.write(str(bound))
        os.replace(args.port_file + ".tmp", args.port_file)
    print(f"octavia-fault-proxy: http://127.0.0.1:{bound} -> {args.upstream} (rate {args.rate}, kinds {','.join(kinds)}, seed {args.seed})",
          flush=True)
    server.serve_forever()
    server.server_close()


if __name__ == "__main__":
    sys.exit(main())
