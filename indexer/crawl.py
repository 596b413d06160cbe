"""Polite website crawler: one site, one request at a time, robots.txt, sitemaps, hard limits, incremental.

Breadth-first from the start URL (and the sitemap's URLs) within the start URL's site. Each URL passes,
in order: same site, operator allow/deny patterns, robots.txt, file type, trap heuristics (URL shape,
too many query variants of one path, e.g. an endless ``?month=`` calendar), depth, page limit.

Politeness: between two requests to one host we wait ``max(KBA_CRAWL_DELAY, robots Crawl-delay)``
(a robots delay above ``max_robots_delay`` is capped there and reported). Only an operator who sets
KBA_CRAWL_DELAY explicitly *and* crawls a private/loopback address (own intranet, tests) may go below
the robots delay; see README.md.

Incremental: the previous run's per-URL state (ETag, Last-Modified, document id, links) comes from
the index. A 304 reuses the previous document and links; a transient failure (timeout, 5xx, 429)
keeps the previous document; 404/410, robots disallow, noindex or a redirect away remove it. A crawl
that could not finish (start page or robots.txt unreachable, page limit hit) is marked incomplete and
the build keeps this source's other previous documents.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from dataclasses import asdict, dataclass, field
from typing import Any, Callable
from urllib.parse import urlsplit

from .dedupe import find_duplicates
from .encoding import decode
from .extract import Extracted, extract_html, extract_plain_text
from .fetch import FetchConfig, FetchError, Fetcher, FetchResult, _blocked
from .formats import extract_pdf
from .robots import RobotsRules, rules_for_status
from .sitemap import parse_sitemap
from .sources import Skipped, SourceDocument, SourceResult
from .urls import (SKIP_EXTENSIONS, extension, normalise_url, path_allowed, path_and_query, query_family,
                   same_site, site_of, trap_reason)

DEFAULT_USER_AGENT = "KaufbeurenAktivBot/0.1 (Engagement-Assistent der Stadt Kaufbeuren; +https://www.kaufbeuren.de)"
HTML_TYPES = {"text/html", "application/xhtml+xml"}
WANTED_TYPES = HTML_TYPES | {"application/pdf", "text/plain"}
MAX_SITEMAP_FILES = 20


@dataclass(frozen=True)
class CrawlConfig:
    fetch: FetchConfig = field(default_factory=lambda: FetchConfig(DEFAULT_USER_AGENT))
    delay: float = 1.0  # seconds between requests to one host (KBA_CRAWL_DELAY)
    delay_explicit: bool = False  # the operator set KBA_CRAWL_DELAY; honoured below robots only on private hosts
    max_robots_delay: float = 60.0
    max_pages: int = 1000
    max_depth: int = 10
    max_query_variants: int = 20  # URLs per path differing only in query values (calendars, facets)
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    use_sitemap: bool = True
    default_kind: str = "page"


@dataclass
class PageState:
    """What the index remembers about one crawled URL, for the next run."""

    url: str
    final_url: str = ""
    etag: str | None = None
    last_modified: str | None = None
    doc_id: str | None = None  # the document it produced (None: noindex, duplicate, not a document)
    links: list[str] = field(default_factory=list)


@dataclass
class CrawlStats:
    requests: int = 0
    fetched: int = 0  # 200 responses with a body we used
    not_modified: int = 0
    kept_previous: int = 0
    documents: int = 0
    duplicates: int = 0
    delay: float = 0.0
    complete: bool = True
    skipped_by_reason: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["skipped_by_reason"] = dict(self.skipped_by_reason.most_common())
        return data


class Crawler:
    def __init__(self, config: CrawlConfig, fetcher: Fetcher | None = None,
                 progress: Callable[[str], Any] | None = None,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config
        self.fetcher = fetcher or Fetcher(config.fetch)
        self.progress = progress
        self.clock, self.sleep = clock, sleep
        self._robots: dict[str, RobotsRules] = {}
        self._last_request: dict[str, float] = {}

    # ------------------------------------------------------------------------------------ politeness

    def _origin(self, url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}"

    def _host_is_private(self, url: str) -> bool:
        host = urlsplit(url).hostname or ""
        try:
            return any(_blocked(a) for a in self.fetcher.resolver(host, 80))
        except (OSError, ValueError):
            return False

    def _delay_for(self, url: str) -> float:
        robots = self._robots.get(self._origin(url))
        asked = min(robots.crawl_delay or 0.0, self.config.max_robots_delay) if robots else 0.0
        if self.config.delay_explicit and self._host_is_private(url):
            return self.config.delay
        return max(self.config.delay, asked)

    def _request(self, url: str, **kwargs: Any) -> FetchResult:
        host = urlsplit(url).netloc
        wait = self._last_request.get(host, -1e9) + self._delay_for(url) - self.clock()
        if wait > 0:
            self.sleep(wait)
        self.stats.requests += 1
        try:
            return self.fetcher.fetch(url, **kwargs)
        finally:
            self._last_request[host] = self.clock()

    def _robots_for(self, url: str) -> RobotsRules:
        origin = self._origin(url)
        if origin not in self._robots:
            self._robots[origin] = RobotsRules()  # no delay known while fetching robots.txt itself
            try:
                res = self._request(origin + "/robots.txt", follow=lambda u: same_site(u, self.site))
                text = decode(res.body, res.charset)[0] if res.status == 200 else ""
                rules = rules_for_status(res.status, text, self.config.fetch.user_agent)
            except FetchError:
                rules = rules_for_status(None, "", self.config.fetch.user_agent)
            if rules.crawl_delay and rules.crawl_delay > self.config.max_robots_delay:
                self.stats.skipped_by_reason[f"robots Crawl-delay {rules.crawl_delay:g} s capped at "
                                             f"{self.config.max_robots_delay:g} s"] += 1
            self._robots[origin] = rules
        return self._robots[origin]

    # ----------------------------------------------------------------------------------------- crawl

    def crawl(self, start_url: str, previous_docs: dict[str, SourceDocument] | None = None,
              previous_state: dict[str, dict[str, Any]] | None = None, source: str | None = None) -> SourceResult:
        started = self.clock()
        self.stats = CrawlStats()
        previous_docs = previous_docs or {}
        prev_state = {url: PageState(**raw) for url, raw in (previous_state or {}).items()}
        start = normalise_url(start_url)
        self.site = site_of(start)
        result = SourceResult(source=source or start_url)
        state: dict[str, PageState] = {}
        found: list[tuple[SourceDocument, str, bool]] = []  # (document, fetched URL, URL is canonical)

        def skip(where: str, reason: str, count_key: str | None = None, listed: bool = True) -> None:
            self.stats.skipped_by_reason[count_key or reason] += 1
            if listed:
                result.skipped.append(Skipped(where, reason))

        robots = self._robots_for(start)
        self.stats.delay = self._delay_for(start)
        if robots.disallow_all:
            skip(start, "robots.txt unreachable: not crawling this site now (previous documents kept)")
            result.complete = False
            return self._finish(result, state, started)

        queue: deque[tuple[str, int]] = deque([(start, 0)])
        seen = {start}
        families: Counter = Counter()
        if self.config.use_sitemap:
            for url in self._sitemap_urls(robots, start):
                if url not in seen:
                    seen.add(url)
                    queue.append((url, 1))

        while queue:
            url, depth = queue.popleft()
            reason = self._refusal(url, depth, families)
            if reason:
                skip(url, reason[0], reason[1], listed=reason[2])
                continue
            if self.stats.fetched + self.stats.not_modified >= self.config.max_pages:
                skip(url, f"page limit reached ({self.config.max_pages}); {len(queue) + 1} URLs not fetched",
                     "page limit reached")
                result.complete = False
                break
            if self.progress:
                self.progress(url)
            previous = prev_state.get(url)
            links = self._visit(url, previous, previous_docs, state, found, skip, start, result)
            for link in links:
                link = normalise_url(link)
                if link not in seen:
                    seen.add(link)
                    queue.append((link, depth + 1))

        if start not in state:  # the start page itself failed: do not take the site's absence as removals
            result.complete = False
        self._deduplicate(found, state, skip)
        result.documents = [doc for doc, _, _ in found]
        self.stats.documents = len(result.documents)
        return self._finish(result, state, started)

    def _finish(self, result: SourceResult, state: dict[str, PageState], started: float) -> SourceResult:
        self.stats.complete = result.complete
        self.stats.seconds = round(self.clock() - started, 3)
        result.state = {url: asdict(s) for url, s in sorted(state.items())}
        result.stats = self.stats.as_dict()
        return result

    def _refusal(self, url: str, depth: int, families: Counter) -> tuple[str, str, bool] | None:
        """(reason, counting key, list it individually) if ``url`` is not to be fetched."""
        cfg = self.config
        if not same_site(url, self.site):
            return "link to another site", "link to another site", False
        if not path_allowed(url, list(cfg.allow), list(cfg.deny)):
            return "excluded by --allow/--deny patterns", "excluded by --allow/--deny", True
        if not self._robots_for(url).can_fetch(path_and_query(url)):
            return "disallowed by robots.txt", "disallowed by robots.txt", True
        ext = extension(url)
        if ext in SKIP_EXTENSIONS:
            return f"not a page (.{ext})", "not a page (file type)", False
        trap = trap_reason(url)
        if trap:
            return f"crawler trap: {trap}", "crawler trap (URL shape)", True
        family = query_family(url)
        if family:
            families[family] += 1
            if families[family] > cfg.max_query_variants:
                return (f"crawler trap: more than {cfg.max_query_variants} query variants of {family}",
                        "crawler trap (query variants)", True)
        if depth > cfg.max_depth:
            return f"deeper than {cfg.max_depth} links from the start page", "max depth", True
        return None

    def _visit(self, url, previous, previous_docs, state, found, skip, start, result) -> list[str]:
        """Fetch one URL, record its state and document; returns the links to follow."""
        reusable = previous is not None and (previous.doc_id is None or previous.doc_id in previous_docs)
        try:
            res = self._request(url, etag=previous.etag if reusable else None,
                                last_modified=previous.last_modified if reusable else None,
                                wanted=lambda mime: _wanted(mime, url),
                                follow=lambda target: same_site(target, self.site))
        except FetchError as exc:
            return self._keep_or_drop(url, previous, previous_docs, state, found, skip, exc.reason, exc.transient,
                                      url == start, result)
        if res.not_modified and reusable:
            self.stats.not_modified += 1
            state[url] = previous
            if previous.doc_id is not None:
                found.append((previous_docs[previous.doc_id], url, previous_docs[previous.doc_id].url == url))
            return list(previous.links)
        if res.status == 429 or res.status >= 500:
            return self._keep_or_drop(url, previous, previous_docs, state, found, skip, f"HTTP {res.status}",
                                      True, url == start, result)
        if res.status != 200:
            skip(url, f"HTTP {res.status}" + (" (gone)" if res.status in (404, 410) else ""), f"HTTP {res.status}")
            return []
        final = normalise_url(res.final_url)
        if final != url and final in state:
            skip(url, f"redirects to {final}, already crawled", "redirect to a page already crawled")
            return []
        if res.body_skipped:
            skip(url, f"not indexed: content type {res.content_type}", "not a page (content type)")
            return []
        self.stats.fetched += 1
        extracted = self._extract(res, final)
        page = PageState(url, final, res.etag, res.last_modified, None, [])
        state[url] = page
        if extracted is None:
            skip(url, "unreadable document", "unreadable document")
            return []
        page.links = [] if extracted.nofollow else extracted.links
        if extracted.noindex:
            skip(url, "page asks not to be indexed (robots noindex)", "noindex (links followed)", listed=False)
            return page.links
        if not extracted.text.strip():
            skip(url, "no text", "no text")
            return page.links
        canonical = normalise_url(extracted.canonical) if extracted.canonical else None
        doc_url = canonical if canonical and same_site(canonical, self.site) else final
        doc = SourceDocument(
            id=extracted.identifier or doc_url, url=doc_url, title=extracted.title or doc_url,
            kind=extracted.kind or self.config.default_kind, text=extracted.text,
            metadata=dict(extracted.metadata, format=_format_of(res.content_type)),
        )
        page.doc_id = doc.id
        found.append((doc, url, canonical == final))
        return page.links

    def _keep_or_drop(self, url, previous, previous_docs, state, found, skip, reason, transient, is_start,
                      result) -> list[str]:
        if transient and is_start:
            result.complete = False  # the site is not answering: keep everything we had
        if transient and previous is not None:
            self.stats.kept_previous += 1
            state[url] = previous
            if previous.doc_id in previous_docs:
                found.append((previous_docs[previous.doc_id], url, previous_docs[previous.doc_id].url == url))
            skip(url, f"{reason}; kept the previous version", "failed, previous version kept")
            return list(previous.links)
        skip(url, reason, reason.split(":", 1)[0].split(" (", 1)[0])
        return []

    def _extract(self, res: FetchResult, final: str) -> Extracted | None:
        try:
            if res.content_type in HTML_TYPES or (not res.content_type and b"<html" in res.body[:2048].lower()):
                return extract_html(decode(res.body, res.charset, html=True)[0], final)
            if res.content_type == "application/pdf" or res.body[:5] == b"%PDF-":
                return extract_pdf(res.body)
            return extract_plain_text(decode(res.body, res.charset)[0])
        except Exception:  # noqa: BLE001 - one broken file must not end the crawl
            return None

    def _sitemap_urls(self, robots: RobotsRules, start: str) -> list[str]:
        todo = [s for s in robots.sitemaps if same_site(s, self.site)] or [self._origin(start) + "/sitemap.xml"]
        pages: list[str] = []
        done = 0
        while todo and done < MAX_SITEMAP_FILES:
            url = normalise_url(todo.pop(0))
            done += 1
            try:
                res = self._request(url, follow=lambda u: same_site(u, self.site))
            except FetchError:
                continue
            if res.status != 200:
                continue
            sitemap = parse_sitemap(res.body)
            todo.extend(s for s in sitemap.sitemaps if same_site(s, self.site))
            pages.extend(normalise_url(p) for p in sitemap.pages if same_site(p, self.site))
        return pages

    def _deduplicate(self, found, state, skip) -> None:
        """Same document id or (near-)identical text under several URLs: keep the canonical/shortest URL."""
        def preference(item):
            doc, fetched, is_canonical = item
            return (not is_canonical, len(fetched), fetched)

        by_id: dict[str, tuple] = {}
        for item in sorted(found, key=preference):
            by_id.setdefault(item[0].id, item)
        unique = list(by_id.values())
        duplicates = find_duplicates(unique, lambda item: item[0].title + "\n" + item[0].text, preference)
        keep = [item for i, item in enumerate(unique) if i not in duplicates]
        kept_ids = {id(item) for item in keep}
        for item in found:
            if id(item) in kept_ids:
                continue
            doc, fetched, _ = item
            original = by_id[doc.id] if by_id[doc.id] is not item else unique[duplicates[unique.index(item)]]
            self.stats.duplicates += 1
            skip(fetched, f"duplicate of {original[1]}", "duplicate")
            if fetched in state and state[fetched].doc_id == doc.id and original[0].id != doc.id:
                state[fetched].doc_id = None
        found[:] = keep


def _wanted(mime: str, url: str) -> bool:
    return not mime or mime in WANTED_TYPES or (mime == "application/octet-stream" and extension(url) == "pdf")


def _format_of(content_type: str) -> str:
    return {"application/pdf": "pdf", "text/plain": "txt"}.get(content_type, "html")
