"""``make screenshots``: PNGs of the chat page, the widget on a page of another origin and the archive
page, at desktop and phone width, into docs/screenshots/ (shown in the README).

Serves the given index in-process on 127.0.0.1 (free ports), drives Debian's chromium with Playwright
and blocks every request that is not for 127.0.0.1. Needs the test extras (``make install-test``).
"""

from __future__ import annotations

import argparse
import secrets
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions"]
HOST_PAGE = """<!doctype html><html lang="de"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>kaufbeuren-aktiv.de (Demo)</title>
<style>body{font:17px/1.6 Georgia,serif;margin:0;color:#222}header{background:#2f6b3a;color:#fff;padding:1rem 2rem}
main{max-width:46rem;margin:0 auto;padding:1rem 2rem}</style></head><body>
<header><strong>kaufbeuren-aktiv.de</strong> – Demo-Seite eines anderen Ursprungs</header>
<main><h1>Engagement in Kaufbeuren</h1><p>Vereine, Ehrenamt und Projekte in allen Stadtteilen. Diese Seite bindet
den Engagement-Assistenten mit einem einzigen Script-Tag ein: unten rechts.</p></main>
<script src="{app}/widget.js" data-lang="de" data-color="#2f6b3a" data-position="right" defer></script>
</body></html>"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """An ASGI app on 127.0.0.1 in a background thread."""

    def __init__(self, app: Any, port: int) -> None:
        import uvicorn

        self.url = f"http://127.0.0.1:{port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "Served":
        self.thread.start()
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def host_app(app_url: str) -> Any:
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    async def page(_request: Any) -> HTMLResponse:
        return HTMLResponse(HOST_PAGE.replace("{app}", app_url))

    return Starlette(routes=[Route("/", page)])


def ask(page: Any, scope: Any, text: str) -> None:
    before = scope.locator(".kba-bot:not(.kba-wait)").count()
    field = scope.locator("input[name=message]")
    field.fill(text)
    field.press("Enter")
    scope.locator(".kba-bot:not(.kba-wait)").nth(before).wait_for()
    page.wait_for_timeout(300)  # let the scroll settle before the picture


def shoot(browser: Any, urls: dict[str, str], token: str, out: Path, size: str) -> list[Path]:
    context = browser.new_context(viewport=SIZES[size], locale="de-DE")
    context.set_default_timeout(30_000)
    context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname == "127.0.0.1"
                  or urlsplit(route.request.url).scheme in ("data", "blob") else route.abort())
    page = context.new_page()
    made = []

    page.goto(urls["app"] + "/?lang=de")
    ask(page, page, "Mein Sohn ist 9 und möchte Fußball spielen")
    made.append(out / f"chat-{size}.png")
    page.screenshot(path=made[-1], full_page=size == "desktop")  # the whole page: heading, answer, cards

    page.goto(urls["host"] + "/")
    page.locator("[data-kba-widget] .kba-launcher").click()
    panel = page.locator("[data-kba-widget] .kba-panel")
    ask(page, panel, "Ich bin Rentnerin und kann gut nähen")
    made.append(out / f"widget-{size}.png")
    page.screenshot(path=made[-1])

    page.goto(urls["app"] + "/archive?lang=de")
    page.locator("#token").fill(token)
    page.locator("#login-form button[type=submit]").click()
    page.locator("#q").fill("Kofinanzierung BIWAQ Haken")
    page.locator("#q").press("Enter")
    page.locator("#results .doc").first.wait_for()
    if size == "phone":  # the form fills the first screen: show the results
        page.evaluate("document.getElementById('count').scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    made.append(out / f"archive-{size}.png")
    page.screenshot(path=made[-1])
    context.close()
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", default="var/index", help="index to serve (default: var/index)")
    parser.add_argument("--out", default="docs/screenshots", help="folder for the PNGs")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from assistant.engine import Engine
    from assistant.main import create_app
    from assistant.settings import get_settings

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    host_port = free_port()
    settings = get_settings().model_copy(update={"cors_origins": (f"http://127.0.0.1:{host_port}",),
                                                  "staff_token": token})
    app = create_app(settings, Engine.from_settings(settings, Path(args.index)))
    with Served(app, free_port()) as served, Served(host_app(served.url), host_port) as host:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=FLAGS)
            made = [path for size in SIZES for path in shoot(browser, {"app": served.url, "host": host.url},
                                                                token, out, size)]
            browser.close()
    for path in made:
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
