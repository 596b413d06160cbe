"""Pure extraction: page bytes/text in, clean text, title, links and structured metadata out.

No I/O here, so every rule is tested on small strings. HTML loses navigation, cookie banners, footers
and other boilerplate; schema.org JSON-LD and microdata become normalised metadata (see
:mod:`indexer.metadata`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urldefrag

from bs4 import BeautifulSoup, Tag

from .metadata import kind_from_schema_type, normalise_schema_org

# Elements that never hold an entry's content.
_DROP_TAGS = ["script", "style", "noscript", "template", "svg", "iframe", "form", "button", "nav", "aside",
              "dialog", "select", "input", "textarea", "object", "embed", "canvas"]
# Page headers and footers are boilerplate; an article's own header (its title) is content.
_PAGE_FRAME_TAGS = ["header", "footer"]
# Class/id fragments of boilerplate containers (cookie banners, breadcrumbs, share bars, sidebars...).
_BOILERPLATE = re.compile(
    r"cookie|consent|banner|breadcrumb|share|social|sidebar|newsletter|skip|related|teaser-list|pagination"
    r"|navbar|menu|toolbar|modal|popup|advert|promo|print-only|visually-hidden|sr-only|back-?link",
    re.I,
)
_BLOCK_TAGS = {"p", "div", "section", "article", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr",
               "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "figure", "figcaption", "br",
               "address", "main", "td", "th"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SITE_SUFFIX = re.compile(r"\s*[|–—-]\s*[^|–—-]{2,60}$")
_WS = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")


@dataclass
class Extracted:
    title: str
    text: str  # paragraphs separated by blank lines; headings are paragraphs of their own
    metadata: dict[str, Any] = field(default_factory=dict)
    kind: str | None = None  # from schema.org type, if any
    identifier: str | None = None  # schema.org identifier, used as the document id
    canonical: str | None = None
    links: list[str] = field(default_factory=list)
    noindex: bool = False
    nofollow: bool = False
    # The format's own document metadata (HTML dcterms/kba meta tags, PDF info, DOCX core properties),
    # normalised to title/date/programme/field_of_action/doctype; read by :mod:`indexer.archive`.
    format_meta: dict[str, str] = field(default_factory=dict)


def clean_whitespace(text: str) -> str:
    lines = [_WS.sub(" ", line).strip() for line in text.splitlines()]
    out, blank = [], False
    for line in lines:
        if line:
            out.append(line)
            blank = False
        elif not blank and out:
            out.append("")
            blank = True
    return "\n".join(out).strip()


# ------------------------------------------------------------------------------------------------ HTML


def extract_html(html: str, url: str = "") -> Extracted:
    soup = BeautifulSoup(html, "lxml")
    robots = " ".join(
        (m.get("content") or "").lower() for m in soup.find_all("meta", attrs={"name": re.compile("^robots$", re.I)})
    )
    structured = [obj for obj in _json_ld_objects(soup)] + _microdata_objects(soup)
    primary = _primary_object(structured)
    metadata = normalise_schema_org(structured) if structured else {}
    canonical = None
    link = soup.find("link", rel=lambda v: v and "canonical" in v)
    if link and link.get("href"):
        canonical = urljoin(url, link["href"].strip())
    links = _links(soup, url) if "nofollow" not in robots else []
    title = _title(soup, primary)
    text = _main_text(soup)
    if not text and metadata.get("description"):
        text = metadata["description"]
    identifier = str(primary.get("identifier")).strip() if primary and primary.get("identifier") else None
    kind = kind_from_schema_type(primary) if primary else None
    return Extracted(title, text, metadata, kind, identifier, canonical, links,
                     noindex="noindex" in robots, nofollow="nofollow" in robots, format_meta=_format_meta(soup))


# <meta name> of archive documents -> format_meta key
_FORMAT_META = {"dcterms.date": "date", "dc.date": "date", "dcterms.created": "date", "dcterms.title": "title",
                "kba.programme": "programme", "kba.field": "field_of_action", "kba.doctype": "doctype",
                "dcterms.type": "doctype"}


def _format_meta(soup: BeautifulSoup) -> dict[str, str]:
    meta: dict[str, str] = {}
    for tag in soup.find_all("meta", attrs={"name": True, "content": True}):
        key = _FORMAT_META.get(str(tag["name"]).strip().lower())
        value = " ".join(str(tag["content"]).split())
        if key and value and key not in meta:
            meta[key] = value
    return meta


def _json_ld_objects(soup: BeautifulSoup) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for script in soup.find_all("script", type=re.compile(r"application/ld\+json", re.I)):
        raw = script.string or script.get_text() or ""
        try:
            data = json.loads(raw)
        except ValueError:
            continue  # broken JSON-LD is common in the wild; the visible text still counts
        stack = data if isinstance(data, list) else [data]
        for obj in stack:
            if isinstance(obj, dict) and "@graph" in obj and isinstance(obj["@graph"], list):
                objects.extend(o for o in obj["@graph"] if isinstance(o, dict))
            elif isinstance(obj, dict):
                objects.append(obj)
    return objects


def _microdata_objects(soup: BeautifulSoup) -> list[dict[str, Any]]:
    """Top-level ``itemscope`` elements as schema.org-like dicts (nested scopes become nested dicts)."""
    return [_microdata_item(el) for el in soup.find_all(attrs={"itemscope": True})
            if not el.has_attr("itemprop")]


def _microdata_item(scope: Tag) -> dict[str, Any]:
    item: dict[str, Any] = {}
    itemtype = scope.get("itemtype")
    if itemtype:
        item["@type"] = str(itemtype).rstrip("/").rsplit("/", 1)[-1]
    for prop_el in _own_props(scope):
        names = prop_el.get("itemprop", "")
        names = names.split() if isinstance(names, str) else names
        if prop_el.has_attr("itemscope"):
            value: Any = _microdata_item(prop_el)
        elif prop_el.name == "meta":
            value = prop_el.get("content", "")
        elif prop_el.name in ("a", "link", "area"):
            value = prop_el.get("href", "")
        elif prop_el.name in ("img", "audio", "video", "source"):
            value = prop_el.get("src", "")
        elif prop_el.name == "time" and prop_el.get("datetime"):
            value = prop_el["datetime"]
        else:
            value = prop_el.get("content") or prop_el.get_text(" ", strip=True)
        for name in names:
            if name in item:
                item[name] = item[name] if isinstance(item[name], list) else [item[name]]
                item[name].append(value)
            else:
                item[name] = value
    return item


def _own_props(scope: Tag) -> list[Tag]:
    """Descendants with ``itemprop`` that belong to this scope, not to a nested one."""
    found = []
    for el in scope.find_all(attrs={"itemprop": True}):
        parent = el.parent
        while parent is not None and parent is not scope and not parent.has_attr("itemscope"):
            parent = parent.parent
        if parent is scope:
            found.append(el)
    return found


def _primary_object(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The object that describes the page's entry: one with an identifier or a known entry type."""
    for obj in objects:
        if obj.get("identifier") and kind_from_schema_type(obj):
            return obj
    for obj in objects:
        if kind_from_schema_type(obj):
            return obj
    return objects[0] if objects else None


def _title(soup: BeautifulSoup, primary: dict[str, Any] | None) -> str:
    if primary and isinstance(primary.get("name"), str) and primary["name"].strip():
        return clean_whitespace(primary["name"])
    h1 = soup.find("h1")
    if h1 and h1.get_text(strip=True):
        return clean_whitespace(h1.get_text(" ", strip=True))
    og = soup.find("meta", property="og:title")
    if og and og.get("content"):
        return clean_whitespace(og["content"])
    if soup.title and soup.title.string:
        return _SITE_SUFFIX.sub("", clean_whitespace(soup.title.string)) or clean_whitespace(soup.title.string)
    return ""


def _links(soup: BeautifulSoup, base: str) -> list[str]:
    seen, out = set(), []
    base_tag = soup.find("base", href=True)
    if base_tag:
        base = urljoin(base, base_tag["href"])
    for a in soup.find_all(["a", "area"], href=True):
        if "nofollow" in (a.get("rel") or []):
            continue
        href = a["href"].strip()
        if not href or href.startswith(("mailto:", "tel:", "javascript:", "#", "data:")):
            continue
        absolute = urldefrag(urljoin(base, href))[0]
        if absolute not in seen:
            seen.add(absolute)
            out.append(absolute)
    return out


def _main_text(soup: BeautifulSoup) -> str:
    body = soup.body or soup
    for tag in body.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in body.find_all(_PAGE_FRAME_TAGS):
        if tag.name == "footer" or not tag.find_parent(["article", "main"]):
            tag.decompose()
    for tag in body.find_all(attrs={"aria-hidden": "true"}):
        tag.decompose()
    for tag in body.find_all(attrs={"hidden": True}):
        tag.decompose()
    for tag in body.find_all(attrs={"role": re.compile("^(navigation|banner|contentinfo|dialog|search)$")}):
        tag.decompose()
    for tag in list(body.find_all(True)):
        if tag.decomposed or tag.name in ("main", "article", "body"):
            continue
        marker = " ".join(tag.get("class") or []) + " " + (tag.get("id") or "")
        if marker.strip() and _BOILERPLATE.search(marker):
            tag.decompose()
    main = body.find("main") or body.find(attrs={"role": "main"}) or body.find("article") or body
    return _block_text(main)


# Items of a list, rows of a table and the terms of a definition list are lines of one paragraph, so
# a fact sheet ("Stadtteil: Neugablonz", "Sprachen: Deutsch, Russisch") stays one block for the chunker
# instead of a run of one-word "headings" that the chunker drops or cuts apart from their values.
_LINE_TAGS = {"li", "dt", "dd", "tr", "br"}
_PARAGRAPH, _LINE, _TERM = "\x00P", "\x00L", "\x00T"
_BREAKS = re.compile("\\s*(?:\x00[PLT]\\s*)+")  # the markup's own line breaks between tags belong to the run


def _break(run: str) -> str:
    markers = "".join(ch for ch in run if ch in "PLT")  # the run is whitespace and markers only
    if "P" in markers:
        return "\n\n"
    return ": " if "T" in markers else "\n"  # a term ends, its description follows


def _block_text(root: Tag) -> str:
    parts: list[str] = []

    def walk(node: Any) -> None:
        for child in node.children:
            if isinstance(child, Tag):
                if child.name in _BLOCK_TAGS:
                    before = _LINE if child.name in _LINE_TAGS else _PARAGRAPH
                    after = _TERM if child.name == "dt" else before
                    parts.append(before)
                    walk(child)
                    parts.append(after)
                else:
                    walk(child)
            elif child.__class__.__name__ == "NavigableString":
                parts.append(str(child))

    walk(root)
    text = _BREAKS.sub(lambda m: _break(m.group(0)), "".join(parts))
    return clean_whitespace(text)


# ------------------------------------------------------------------------------------ Markdown and text

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<!\w)[*_](.+?)[*_](?!\w)"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
]


def extract_markdown(text: str) -> Extracted:
    lines, title = [], ""
    for line in text.splitlines():
        heading = _MD_HEADING.match(line)
        if heading:
            line = heading.group(1)
            if not title:
                title = line.strip()
            lines.extend(["", line, ""])
            continue
        line = re.sub(r"^\s*([-*+]|\d+[.)])\s+", "- ", line)
        for pattern, repl in _MD_INLINE:
            line = pattern.sub(repl, line)
        lines.append(line)
    body = clean_whitespace("\n".join(lines))
    return Extracted(title or _first_line(body), body)


def extract_plain_text(text: str) -> Extracted:
    body = clean_whitespace(text)
    return Extracted(_first_line(body).lstrip("#").strip(), body)  # text files often hold Markdown headings


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return ""
