#!/usr/bin/env python3
"""A static file server for the search benchmarks that counts what it sends.

Serves DIR on 127.0.0.1:PORT. Responses are gzipped (level 6, as web servers
use) when the client accepts gzip and gzip makes them smaller; files that are
already compressed (Pagefind's index, fragments and wasm are gzip streams)
go out as they are. Every response is logged in memory as
{path, status, raw, wire, gzip}: `wire` is the body bytes sent.

Two control URLs, for the driver (not logged):
  /__bench/mark        clears the log (call it before a query)
  /__bench/take        returns the log since the last mark, as JSON
  /__bench/blank.html  an empty same-origin page to start from

usage: gzip_server.py DIR PORT
"""
import gzip
import json
import mimetypes
import os
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TYPES = {".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json",
         ".wasm": "application/wasm", ".css": "text/css", ".html": "text/html; charset=utf-8",
         ".svg": "image/svg+xml", ".xml": "application/xml", ".txt": "text/plain"}
BLANK = b"<!doctype html><html lang=en><head><meta charset=utf-8><title>bench</title></head><body></body></html>"

root = os.path.realpath(sys.argv[1])
log, lock, cache = [], threading.Lock(), {}


def body_of(path):
    """(raw bytes, gzipped bytes or None when gzip does not make it smaller)."""
    if path not in cache:
        with open(path, "rb") as f:
            raw = f.read()
        z = gzip.compress(raw, 6, mtime=0)
        cache[path] = (raw, z if len(z) < len(raw) else None)
    return cache[path]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, ctype, encoding=None, extra=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(url.path)
        if path == "/__bench/mark":
            with lock:
                log.clear()
            return self.send(200, b"ok", "text/plain")
        if path == "/__bench/take":
            with lock:
                body = json.dumps(log).encode()
            return self.send(200, body, "application/json")
        if path == "/__bench/blank.html":
            return self.send(200, BLANK, "text/html; charset=utf-8")
        full = os.path.realpath(os.path.join(root, path.lstrip("/")))
        if not (full == root or full.startswith(root + os.sep)):
            return self.record(path, 403, b"", b"forbidden", None, "text/plain")
        if os.path.isdir(full):
            if not path.endswith("/"):
                loc = path + "/" + ("?" + url.query if url.query else "")
                return self.record(path, 301, b"", b"", None, "text/plain", [("Location", loc)])
            full = os.path.join(full, "index.html")
        if not os.path.isfile(full):
            return self.record(path, 404, b"", b"not found", None, "text/plain")
        raw, z = body_of(full)
        ext = os.path.splitext(full)[1]
        ctype = TYPES.get(ext) or mimetypes.guess_type(full)[0] or "application/octet-stream"
        use_gz = z is not None and "gzip" in self.headers.get("Accept-Encoding", "")
        self.record(path, 200, raw, z if use_gz else raw, "gzip" if use_gz else None, ctype)

    def record(self, path, status, raw, body, encoding, ctype, extra=()):
        with lock:
            log.append({"path": path, "status": status, "raw": len(raw), "wire": len(body),
                        "gzip": encoding == "gzip"})
        self.send(status, body, ctype, encoding, extra)


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), Handler)
    server.daemon_threads = True
    print(f"serving {root} on http://127.0.0.1:{sys.argv[2]}/", file=sys.stderr, flush=True)
    server.serve_forever()
