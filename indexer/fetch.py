"""One careful HTTP GET: hard limits, no private addresses, manual redirects, retries on 429/503.

Why httpx (and not urllib): separate connect and read timeouts, streaming of the *raw* body so we
decompress ourselves with a byte limit (a gzip bomb never expands past ``max_bytes`` in memory),
redirects we follow one hop at a time (so every hop's address is checked), and an injectable client:
tests pass an ``httpx.Client`` with a ``MockTransport`` or point it at a server on 127.0.0.1.

Limits per fetch: connect timeout, a total deadline (also against servers that trickle bytes),
``max_bytes`` after decompression, ``max_redirects``. Private, loopback, link-local and other
non-global addresses are refused unless ``allow_private`` (re-checked after every redirect). The check
resolves the host name before connecting; a DNS answer that changes between check and connect is not
caught (documented limitation; the crawler only fetches the sites an operator names).
"""

from __future__ import annotations

import email.utils
import ipaddress
import socket
import time
import zlib
from dataclasses import dataclass, field
from typing import Callable, Iterable
from urllib.parse import urljoin, urlsplit

import httpx

from .encoding import charset_from_content_type

RETRY_STATUSES = {429, 503}
CHUNK = 64 * 1024
Resolver = Callable[[str, int], list[str]]


@dataclass(frozen=True)
class FetchConfig:
    user_agent: str
    connect_timeout: float = 10.0
    timeout: float = 30.0  # total per request: connect, headers and body
    max_bytes: int = 10 * 1024 * 1024  # after decompression
    max_redirects: int = 5
    max_retries: int = 2  # on 429/503
    max_retry_wait: float = 60.0  # a longer Retry-After is not waited for: the page counts as failed
    backoff: float = 2.0  # first wait when the server gives no Retry-After; doubles per retry
    allow_private: bool = False


class FetchError(Exception):
    """A fetch that produced no usable response; ``reason`` is meant for the run report."""

    def __init__(self, url: str, reason: str, transient: bool = False) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.transient = transient  # worth trying again next run; the previous version is kept


@dataclass
class FetchResult:
    url: str  # as requested
    final_url: str  # after redirects
    status: int
    content_type: str  # mime type, lower case, without parameters
    charset: str | None  # from the Content-Type header
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    redirects: list[str] = field(default_factory=list)
    body_skipped: bool = False  # the content type was not wanted: the body was not read
    retry_after: str | None = None  # header of a 429/503
    location: str | None = None  # header of a redirect (only while following)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({info[4][0] for info in infos})


def _blocked(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from ``Retry-After`` (seconds or an HTTP date); None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class Fetcher:
    def __init__(self, config: FetchConfig, client: httpx.Client | None = None,
                 resolver: Resolver = system_resolver, sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config
        self._own_client = client is None
        self.client = client or httpx.Client(trust_env=False)
        self.resolver = resolver
        self.sleep = sleep

    def close(self) -> None:
        if self._own_client:
            self.client.close()

    def check_address(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(url, "not an http(s) URL")
        if self.config.allow_private:
            return
        host = parts.hostname
        try:
            addresses = [str(ipaddress.ip_address(host))]
        except ValueError:
            try:
                addresses = self.resolver(host, parts.port or (443 if parts.scheme == "https" else 80))
            except OSError as exc:
                raise FetchError(url, f"cannot resolve host {host}: {exc}", transient=True) from None
        for address in addresses:
            if _blocked(address):
                raise FetchError(url, f"refused: {host} is a private, loopback or link-local address "
                                      f"({address}); set KBA_ALLOW_PRIVATE_ADDRESSES=1 to allow it")

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
              wanted: Callable[[str], bool] = lambda mime: True,
              follow: Callable[[str], bool] = lambda url: True) -> FetchResult:
        """GET ``url`` with retries on 429/503. ``wanted(mime)`` False: the body is not read.
        ``follow(url)`` False for a redirect target: FetchError (e.g. a redirect off the site)."""
        attempt = 0
        while True:
            result = self._fetch_following(url, etag, last_modified, wanted, follow)
            if result.status not in RETRY_STATUSES or attempt >= self.config.max_retries:
                return result
            wait = parse_retry_after(result.retry_after)
            if wait is None:
                wait = self.config.backoff * (2 ** attempt)
            if wait > self.config.max_retry_wait:
                return result  # the server asks for longer than we wait; the crawler reports it
            self.sleep(wait)
            attempt += 1

    def _fetch_following(self, url, etag, last_modified, wanted, follow) -> FetchResult:
        chain = [url]
        current = url
        while True:
            conditional = len(chain) == 1
            result = self._get(current, etag if conditional else None, last_modified if conditional else None,
                               wanted)
            if result.location is None:
                result.url, result.redirects = url, chain[1:]
                return result
            target = urljoin(current, result.location).split("#", 1)[0]
            if target in chain:
                raise FetchError(url, f"redirect loop ({' -> '.join(chain + [target])})")
            if len(chain) > self.config.max_redirects:
                raise FetchError(url, f"more than {self.config.max_redirects} redirects")
            if not follow(target):
                raise FetchError(url, f"redirects off the site to {target}")
            chain.append(target)
            current = target

    def _get(self, url: str, etag: str | None, last_modified: str | None,
             wanted: Callable[[str], bool]) -> FetchResult:
        self.check_address(url)
        cfg = self.config
        deadline = time.monotonic() + cfg.timeout
        headers = {"User-Agent": cfg.user_agent, "Accept-Encoding": "gzip, deflate",
                   "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.5",
                   "Accept-Language": "de,en;q=0.5"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        timeout = httpx.Timeout(cfg.timeout, connect=min(cfg.connect_timeout, cfg.timeout))
        try:
            with self.client.stream("GET", url, headers=headers, timeout=timeout, follow_redirects=False) as resp:
                content_type = resp.headers.get("content-type", "")
                mime = content_type.split(";", 1)[0].strip().lower()
                result = FetchResult(url, url, resp.status_code, mime, charset_from_content_type(content_type),
                                     etag=resp.headers.get("etag"), last_modified=resp.headers.get("last-modified"),
                                     retry_after=resp.headers.get("retry-after"))
                if resp.is_redirect and resp.headers.get("location"):
                    result.location = resp.headers["location"]
                    return result
                if resp.status_code != 200 or not wanted(mime):
                    result.body_skipped = resp.status_code == 200
                    return result
                declared = resp.headers.get("content-length", "")
                encoding = resp.headers.get("content-encoding", "").strip().lower()
                if declared.isdigit() and int(declared) > cfg.max_bytes and encoding in ("", "identity"):
                    raise FetchError(url, f"too large: {int(declared)} bytes (limit {cfg.max_bytes})")
                result.body = self._read_body(url, resp, encoding, deadline)
                return result
        except httpx.TimeoutException as exc:
            raise FetchError(url, f"timeout ({type(exc).__name__})", transient=True) from None
        except httpx.TransportError as exc:
            raise FetchError(url, f"connection failed: {exc or type(exc).__name__}", transient=True) from None
        except httpx.HTTPError as exc:
            raise FetchError(url, f"HTTP error: {exc}", transient=True) from None

    def _read_body(self, url: str, resp: httpx.Response, encoding: str, deadline: float) -> bytes:
        limit = self.config.max_bytes
        chunks: Iterable[bytes] = resp.iter_raw(CHUNK)
        if resp.is_stream_consumed:  # an in-memory response (httpx.MockTransport): read and decoded already
            chunks, encoding = [resp.content], ""
        if encoding in ("", "identity"):
            decoder = None
        elif encoding in ("gzip", "x-gzip", "deflate"):
            decoder = zlib.decompressobj(47 if encoding != "deflate" else 15)
        else:
            raise FetchError(url, f"unsupported content encoding {encoding!r}")
        out = bytearray()
        raw_seen = 0
        first = True
        for raw in chunks:
            if time.monotonic() > deadline:
                raise FetchError(url, f"timeout: body not complete within {self.config.timeout:g} s", transient=True)
            raw_seen += len(raw)
            if raw_seen > limit:
                raise FetchError(url, f"too large: more than {limit} bytes")
            if decoder is None:
                out += raw
            else:
                if first and encoding == "deflate" and raw[:1] and (raw[0] & 0x0F) != 8:
                    decoder = zlib.decompressobj(-15)  # raw deflate without zlib header (old servers)
                first = False
                try:
                    out += decoder.decompress(raw, limit + 1 - len(out))
                    while decoder.unconsumed_tail and len(out) <= limit:
                        out += decoder.decompress(decoder.unconsumed_tail, limit + 1 - len(out))
                except zlib.error as exc:
                    raise FetchError(url, f"broken {encoding} body: {exc}") from None
            if len(out) > limit:
                raise FetchError(url, f"too large: more than {limit} bytes after decompression")
        return bytes(out)

