"""sitemap.xml and sitemap index files (sitemaps.org 0.9), parsed safely: no entities, no network."""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass, field

from lxml import etree

MAX_SITEMAP_URLS = 50_000  # the protocol's own limit per file


@dataclass
class Sitemap:
    pages: list[str] = field(default_factory=list)  # <urlset><url><loc>
    sitemaps: list[str] = field(default_factory=list)  # <sitemapindex><sitemap><loc>


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_sitemap(data: bytes, max_bytes: int = 50 * 1024 * 1024) -> Sitemap:
    """URLs of a sitemap or a sitemap index; gzip-compressed files are accepted. Broken XML: empty."""
    if data[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
                data = fh.read(max_bytes + 1)
        except (OSError, EOFError):
            return Sitemap()
        if len(data) > max_bytes:
            return Sitemap()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return Sitemap()
    if root is None:
        return Sitemap()
    result = Sitemap()
    kind = _local(root.tag)
    for entry in root:
        if len(result.pages) + len(result.sitemaps) >= MAX_SITEMAP_URLS:
            break
        for child in entry:
            if _local(child.tag) == "loc" and child.text and child.text.strip():
                target = result.sitemaps if kind == "sitemapindex" else result.pages
                target.append(child.text.strip())
    return result
