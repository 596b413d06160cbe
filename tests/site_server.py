"""A small HTTP server the crawler tests start on 127.0.0.1: static files plus crafted routes.

Static files (e.g. ``corpus/site``) are served with ETag and Last-Modified and answer conditional
requests with 304. Text responses have ``https://www.kaufbeuren-aktiv.example`` rewritten to the
server's own address, as if the portal were deployed there. Routes (path -> handler function) override
files; a handler gets the request handler and the parsed query.
"""

from __future__ import annotations

import hashlib
import threading
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, urlsplit

PORTAL_BASE = "https://www.kaufbeuren-aktiv.example"
TYPES = {".html": "text/html; charset=utf-8", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8",
         ".css": "text/css", ".js": "application/javascript", ".svg": "image/svg+xml", ".pdf": "application/pdf",
         ".png": "image/png"}


class Handler(BaseHTTPRequestHandler):
    server: "SiteServer"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        parts = urlsplit(self.path)
        self.server.requests.append(self.path)
        route = self.server.routes.get(parts.path)
        try:
            if route is not None:
                route(self, parse_qs(parts.query))
            else:
                self.serve_file(parts.path)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def send_body(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
                  headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def serve_file(self, path: str) -> None:
        root = self.server.root
        if root is None:
            return self.send_body(404, b"not found")
        target = (root / path.lstrip("/")).resolve()
        if target.is_dir() or path.endswith("/"):
            target = target / "index.html"
        if root not in target.parents and target != root or not target.is_file():
            return self.send_body(404, b"<h1>Nicht gefunden</h1>")
        body = target.read_bytes()
        content_type = TYPES.get(target.suffix, "application/octet-stream")
        if content_type.startswith(("text/", "application/xml")):
            body = body.replace(PORTAL_BASE.encode(), self.server.base.encode())
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_body(200, body, content_type, {"ETag": etag, "Last-Modified": formatdate(target.stat().st_mtime,
                                                                                           usegmt=True)})


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path | None = None,
                 routes: dict[str, Callable[[Handler, dict], None]] | None = None) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.root = Path(root).resolve() if root else None
        self.routes = dict(routes or {})
        self.requests: list[str] = []
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> "SiteServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()
        self.server_close()
