"""What the web tests share: the fixture index (entries + a few real archive documents), an app server
in a thread on a free 127.0.0.1 port, and a second-origin server for the widget's host page.

The app runs in-process (uvicorn in a thread) so it works with any embedder, the fake one included.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import uvicorn

from .conftest import DATA, ROOT, free_port

WEB_DATA = DATA / "web"
# A few real archive documents, one per format; the first is the "known document" the tests look for.
ARCHIVE_SAMPLE = (
    "2011-03-22_beschlussvorlage_biwaq-haken-kofinanzierung.pdf",
    "2015-02-05_jahresbericht_eltern-talk-2014.docx",
    "2017-07-18_beschlussvorlage_ehrenamtskarte-einfuehrung.html",
    "2022-04-06_konzept_ukraine-hilfe-ehrenamt.txt",
)
KNOWN_DOCUMENT = ARCHIVE_SAMPLE[0]
XSS_ENTRY = "verein-web-theater"
STAFF_TOKEN = "test-staff-token-0123456789"
STAFF_USER, STAFF_PASSWORD = "anna", "richtig-geheim-42"


def build_web_index(workdir: Path, embedder: Any) -> Path:
    """Entries (tests/data/web/entries.jsonl), copies of ARCHIVE_SAMPLE read as a folder (so the real
    indexer records their metadata and source_path) and one archive record whose source_path is a
    system file that must never be served."""
    from indexer.build import build_index
    from indexer.sources import read_folder, read_jsonl

    archive = workdir / "archive"
    archive.mkdir(parents=True, exist_ok=True)
    for name in ARCHIVE_SAMPLE:
        shutil.copy2(ROOT / "corpus" / "archive" / name, archive / name)
    outside = workdir / "outside.jsonl"
    outside.write_text(json.dumps({
        "id": "archiv-web-systemdatei", "kind": "archive", "url": "", "title": "Notiz Systemdatei",
        "text": "Diese Notiz verweist auf eine Systemdatei, die nie ausgeliefert werden darf.",
        "source_path": "/etc/passwd", "date": "2020-01-01", "year": 2020, "doctype": "Notiz"},
        ensure_ascii=False) + "\n", "utf-8")
    index = workdir / "index"
    build_index(index, [read_jsonl(WEB_DATA / "entries.jsonl"), read_folder(archive), read_jsonl(outside)], embedder)
    return index


def add_staff_user(path: Path) -> Path:
    from assistant.staff_auth import hash_password, save_users

    save_users(path, {STAFF_USER: hash_password(STAFF_PASSWORD)})
    return path


class ServerThread:
    """An ASGI app served by uvicorn on 127.0.0.1 in a background thread."""

    def __init__(self, app: Any, port: int | None = None) -> None:
        self.port = port or free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                                    lifespan="on", access_log=False))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "ServerThread":
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


HOST_PAGE = """<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>kaufbeuren-aktiv.de (Demo)</title>
<style>
  /* Hostile host styles: the widget's Shadow DOM must not be affected. */
  button { display: none !important; }
  * { font-family: "Comic Sans MS", cursive; color: #ff00ff !important; }
</style></head>
<body><h1>Kaufbeuren-aktiv – Demo-Seite eines anderen Ursprungs</h1>
<p>Diese Seite bindet den Engagement-Assistenten mit einem einzigen Script-Tag ein.</p>
<script src="{app}/widget.js" data-lang="de" data-color="#7a1c1c" data-text-color="#ffffff" data-position="left"
        data-label="Engagement finden" defer></script>
</body></html>
"""


def host_page_app(app_url: str) -> Any:
    """A tiny site on another origin whose page embeds the widget of ``app_url``."""
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    async def page(_request: Any) -> HTMLResponse:
        return HTMLResponse(HOST_PAGE.replace("{app}", app_url))

    return Starlette(routes=[Route("/", page)])

