"""The web pages and what protects them: static files from ``web/``, the widget script, security
headers (a strict Content-Security-Policy: the pages load nothing from any other host) and the CORS
allow-list for the widget.

- ``/`` citizen chat page, ``/archive`` staff archive search, ``/assets/<file>`` their CSS/JS,
  ``/widget.js`` the embeddable widget (chat component + its CSS + launcher, assembled in memory: no
  build step), served so that any page may load it.
- CORS: only the chat and match APIs are callable from other origins, and only from the origins in
  ``KBA_CORS_ORIGINS`` (exact match); any other origin gets no CORS header at all, so the browser
  refuses. The staff API never gets CORS headers (its cookie is ``SameSite=Strict`` as well).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Awaitable, Callable

from fastapi import APIRouter, FastAPI, HTTPException
from fastapi.responses import FileResponse, Response

from .settings import Settings, get_settings

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
ASSETS_DIR = WEB_DIR / "assets"
ASSET_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
               ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon"}
_ASSET_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,60}\.(?:js|css|svg|png|ico)")

# Paths other origins may call (the widget); nothing else ever gets CORS headers.
CORS_PATHS = frozenset({"/api/chat", "/api/match"})
CORS_MAX_AGE = "600"
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "cross-origin-opener-policy": "same-origin",
}

router = APIRouter()


def _page(name: str) -> FileResponse:
    return FileResponse(WEB_DIR / name, media_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "no-cache"})


@router.get("/", include_in_schema=False)
def chat_page() -> FileResponse:
    return _page("index.html")


@router.get("/archive", include_in_schema=False)
def archive_page() -> FileResponse:
    return _page("archive.html")


@router.get("/assets/{name}", include_in_schema=False)
def asset(name: str) -> FileResponse:
    path = ASSETS_DIR / name
    if not _ASSET_NAME.fullmatch(name) or not path.is_file():
        raise HTTPException(404)
    return FileResponse(path, media_type=ASSET_TYPES[path.suffix], headers={"Cache-Control": "no-cache"})


def widget_source() -> str:
    """The chat component, its stylesheet (for the Shadow DOM) and the launcher in one script."""
    chat = "\n".join((ASSETS_DIR / name).read_text("utf-8") for name in ("chat-text.js", "chat-filters.js", "chat.js"))
    css = (ASSETS_DIR / "chat.css").read_text("utf-8")
    launcher = (ASSETS_DIR / "widget.js").read_text("utf-8")
    return ("/* Engagement-Assistent Kaufbeuren-aktiv: chat widget. "
            "Embed: <script src=\"https://HOST/widget.js\" data-lang=\"de\" defer></script> */\n"
            "(function () {\n\"use strict\";\nvar CHAT_CSS = " + json.dumps(css) + ";\n"
            + chat + "\n" + launcher + "\n})();\n")


@router.get("/widget.js", include_in_schema=False)
def widget() -> Response:
    # Loaded by other sites' pages: cross-origin resource policy must allow that.
    return Response(widget_source(), media_type="text/javascript; charset=utf-8",
                    headers={"Cache-Control": "public, max-age=300", "Cross-Origin-Resource-Policy": "cross-origin"})


# ------------------------------------------------------------------------------------- middleware

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class WebHeadersMiddleware:
    """Adds the security headers to every response and the CORS headers for allowed origins."""

    def __init__(self, app: Any, settings: Settings | None = None) -> None:
        self.app = app
        self._settings = settings

    def allowed_origins(self) -> frozenset[str]:
        return frozenset((self._settings or get_settings()).cors_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        path = scope.get("path", "")
        origin = headers.get("origin", "")
        cors_path = path in CORS_PATHS
        allowed = cors_path and origin.lower().rstrip("/") in self.allowed_origins()
        if cors_path and scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            await self._preflight(send, origin if allowed else None)
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                present = {k.decode("latin-1").lower() for k, _ in raw}
                for name, value in self._headers(path, present).items():
                    raw.append((name.encode("latin-1"), value.encode("latin-1")))
                if cors_path:
                    raw.append((b"vary", b"Origin"))
                if allowed:
                    raw.append((b"access-control-allow-origin", origin.encode("latin-1")))
                message = {**message, "headers": raw}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    @staticmethod
    def _headers(path: str, present: set[str]) -> dict[str, str]:
        out = {k: v for k, v in SECURITY_HEADERS.items() if k not in present}
        if "content-security-policy" not in present:
            out["content-security-policy"] = PAGE_CSP
        if "cross-origin-resource-policy" not in present:
            out["cross-origin-resource-policy"] = "cross-origin" if path in CORS_PATHS else "same-origin"
        return out

    @staticmethod
    async def _preflight(send: Send, origin: str | None) -> None:
        """Allowed origin: 204 with the CORS grant. Any other: 403 without a single CORS header."""
        if origin:
            status, body = 204, b""
            extra = [(b"access-control-allow-origin", origin.encode("latin-1")),
                     (b"access-control-allow-methods", b"POST, OPTIONS"),
                     (b"access-control-allow-headers", b"Content-Type"),
                     (b"access-control-max-age", CORS_MAX_AGE.encode())]
        else:
            status = 403
            body = json.dumps({"message": "Diese Website darf den Assistenten nicht einbinden.",
                               "detail": "origin not allowed"}, ensure_ascii=False).encode()
            extra = [(b"content-type", b"application/json")]
        headers = extra + [(b"vary", b"Origin"), (b"content-length", str(len(body)).encode())]
        headers += [(k.encode(), v.encode()) for k, v in WebHeadersMiddleware._headers("", set()).items()]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def install_web(app: FastAPI, settings: Settings | None = None) -> None:
    """Pages, widget, staff login, archive API and the header middleware (called by create_app)."""
    from .archive_api import router as archive_router
    from .staff_auth import StaffSessions, router as staff_router

    app.state.web_settings = settings
    app.state.staff_sessions = StaffSessions()
    app.include_router(router)
    app.include_router(staff_router)
    app.include_router(archive_router)
    app.add_middleware(WebHeadersMiddleware, settings=settings)
