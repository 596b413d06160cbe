"""URL rules of the crawler: normal form, "same site", things not worth fetching, and crawler traps.

Pure functions, tested on strings.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only track or identify a session: the same page under another URL.
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|sessionid|session_id|sid|phpsessid|jsessionid"
                       r"|_ga|ref|share)$", re.I)
# Links to files we never index (PDF is indexed; office documents only from local folders).
SKIP_EXTENSIONS = frozenset(
    "jpg jpeg png gif webp svg ico bmp tif tiff avif heic mp3 mp4 m4a wav ogg webm mov avi mkv zip gz tgz "
    "bz2 xz 7z rar exe dmg msi iso css js mjs json woff woff2 ttf otf eot ics vcf rss atom apk".split()
)
MAX_URL_LENGTH = 512
MAX_REPEATED_SEGMENT = 3  # /a/b/a/b/a/b...: relative links gone wrong


def normalise_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, dot segments resolved, no tracking query."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    if ":" in host and not host.startswith("["):  # IPv6 literal
        netloc = f"[{host}]" + (f":{port}" if port and (scheme, port) not in (("http", 80), ("https", 443)) else "")
    path = parts.path or "/"
    if "/." in path or "//" in path:
        trailing = path.endswith("/")
        path = "/" + posixpath.normpath("/" + path).lstrip("/")
        if trailing and path != "/":
            path += "/"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    return urlunsplit((scheme, netloc, path, query, ""))


def site_of(url: str) -> tuple[str, str, int]:
    """(scheme, host without ``www.``, port): pages of one site share it."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().removeprefix("www.")
    return scheme, host, parts.port or (443 if scheme == "https" else 80)


def same_site(url: str, site: tuple[str, str, int]) -> bool:
    """Same host (``www.`` or not) and port; http and https of one host count as one site."""
    scheme, host, port = site_of(url)
    if scheme not in ("http", "https"):
        return False
    if host != site[1]:
        return False
    return port == site[2] or {port, site[2]} == {80, 443}


def extension(url: str) -> str:
    path = urlsplit(url).path
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def path_allowed(url: str, allow: list[str], deny: list[str]) -> bool:
    """Operator patterns on the path (glob, e.g. ``/vereine/*``): deny wins; with allow patterns, only those."""
    path = path_and_query(url)
    if any(fnmatch.fnmatchcase(path, pattern) for pattern in deny):
        return False
    return not allow or any(fnmatch.fnmatchcase(path, pattern) for pattern in allow)


def trap_reason(url: str) -> str | None:
    """Why a URL looks like a crawler trap (by its shape alone), or None."""
    if len(url) > MAX_URL_LENGTH:
        return f"URL longer than {MAX_URL_LENGTH} characters"
    segments = [s for s in urlsplit(url).path.split("/") if s]
    for segment in set(segments):
        if segments.count(segment) > MAX_REPEATED_SEGMENT:
            return f"path segment {segment!r} repeats"
    return None


def query_family(url: str) -> str:
    """Path plus the sorted names of the query parameters: ``/kalender?month=…`` is one family.

    A calendar or a faceted search makes endless URLs of one family; the crawler caps each family.
    """
    parts = urlsplit(url)
    names = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return f"{parts.path}?{'&'.join(names)}" if names else ""
