#!/usr/bin/env python3
"""Render the sample data ``corpus/data/*.jsonl`` into the static portal ``corpus/site/``.

The portal imitates a German municipal engagement portal ("Kaufbeuren-aktiv – Engagiert in
Kaufbeuren") so that the indexer meets the things it meets on real sites: navigation, cookie banner,
breadcrumbs, sidebars, footers, pagination, ``noindex`` listing pages, a ``robots.txt`` with a
disallowed admin area, a sitemap, schema.org JSON-LD on every detail page and microdata on some.

Usage (from the project root)::

    python3 corpus/tools/build_site.py               # rewrites corpus/site/
    python3 corpus/tools/build_site.py --out DIR     # writes elsewhere (tests compare the two)

The output directory is deleted and written anew; the output depends only on the data, so running
the script twice yields identical files. Standard library only.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import posixpath
import re
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path
from string import Template
from typing import Any, Iterable
from urllib.parse import quote

BASE = "https://www.kaufbeuren-aktiv.example"
SITE_NAME = "Kaufbeuren-aktiv"
SITE_CLAIM = "Engagiert in Kaufbeuren"
PER_PAGE = 20
CORPUS = Path(__file__).resolve().parents[1]
DEFAULT_DATA = CORPUS / "data"
DEFAULT_OUT = CORPUS / "site"
# Date of the static pages (imprint, privacy...) and fallback when there is no data at all.
STATIC_DATE = "2025-01-15"
MICRODATA_SHARE = 10  # about one detail page in ten marks its contact block up with microdata too

KINDS: dict[str, dict[str, str]] = {
    "club": {"dir": "vereine", "label": "Vereine", "singular": "Verein", "prefix": "verein-", "all": "Alle Vereine",
             "intro": "Von Sport bis Musik, von Tierschutz bis Brauchtum: Hier stellen sich Kaufbeurer "
                      "Vereine vor. Nehmen Sie direkt Kontakt auf – Schnuppern ist fast überall möglich."},
    "opportunity": {"dir": "ehrenamt", "label": "Ehrenamt", "singular": "Ehrenamtliche Tätigkeit",
                    "prefix": "ehrenamt-", "all": "Alle Ehrenamtsangebote",
                    "intro": "Sie möchten sich engagieren? Hier finden Sie aktuelle Gesuche von Vereinen, "
                             "Initiativen und Einrichtungen in Kaufbeuren – regelmäßig oder für einzelne "
                             "Aktionen."},
    "project": {"dir": "projekte", "label": "Projekte", "singular": "Projekt", "prefix": "projekt-", "all": "Alle Projekte",
                "intro": "Kaufbeuren-aktiv, die Abteilung für Bürgerschaftliches Engagement, Bildung und "
                         "Integration der Stadt Kaufbeuren, setzt seit vielen Jahren Projekte mit "
                         "Förderprogrammen von EU, Bund und Freistaat um."},
}

CATEGORIES: dict[str, str] = {
    "sport": "Sport", "musik": "Musik", "kultur": "Kultur", "natur": "Natur & Umwelt", "tiere": "Tiere",
    "soziales": "Soziales", "jugend": "Jugend", "senioren": "Senioren", "familie": "Familie",
    "integration": "Integration", "gesundheit": "Gesundheit", "glaube": "Glaubensgemeinschaften",
    "rettung": "Rettungsdienste & Katastrophenschutz", "hobby": "Hobby & Freizeit", "digital": "Digitales",
    "bildung": "Bildung", "stadtteil": "Stadtteilarbeit", "demokratie": "Demokratie & Beteiligung",
}

DISTRICTS = ["Kernstadt", "Altstadt", "Neugablonz", "Oberbeuren", "Hirschzell", "Kemnat", "Haken",
             "Märzisried", "Großkemnat", "Kleinkemnat", "Ringweg", "Stadtgebiet"]
WEEKDAYS = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]
TIMES_OF_DAY = ["vormittags", "nachmittags", "abends"]
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember"]

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ADDRESS_RE = re.compile(r"^(?P<street>.*?),\s*(?P<zip>\d{5})\s+(?P<city>.+)$")


class DataError(ValueError):
    pass


# ------------------------------------------------------------------------------------------ helpers


def e(value: Any) -> str:
    """HTML-escape any data value (quotes too: values also end up in attributes)."""
    return html.escape("" if value is None else str(value), quote=True)


def slugify(text: str) -> str:
    text = text.lower()
    for src, dst in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(src, dst)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def sort_key(entry: dict[str, Any]) -> tuple[str, str]:
    title = str(entry.get("title") or "").casefold()
    for src, dst in (("ä", "a"), ("ö", "o"), ("ü", "u"), ("ß", "ss")):
        title = title.replace(src, dst)
    title = re.sub(r"^[^0-9a-z]+", "", title)
    return title, entry["id"]


def digest(text: str) -> int:
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16)


def file_of(path: str) -> str:
    """URL path (relative to the site root) -> file path; directories serve their index.html."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def rel(frm: str, to: str) -> str:
    """Relative link from page ``frm`` to ``to`` (both URL paths relative to the site root)."""
    from_dir = frm.rstrip("/") if frm.endswith("/") else posixpath.dirname(frm)
    from_dir = from_dir or "."
    if to == "" or to.endswith("/"):
        target = posixpath.relpath(to.rstrip("/") or ".", from_dir)
        return "./" if target == "." else target + "/"
    return posixpath.relpath(to, from_dir)


def canonical(path: str) -> str:
    return f"{BASE}/{path}"


def german_date(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


def long_german_date(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"


def updated(entry: dict[str, Any]) -> str:
    """Last-modified date: ``updated`` from the data if given, else a stable date derived from the id."""
    value = entry.get("updated")
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            pass
    return (date(2023, 1, 9) + timedelta(days=digest("updated:" + entry["id"]) % 900)).isoformat()


def as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value).strip()
    return [text] if text else []


def join(values: Iterable[str]) -> str:
    return ", ".join(values)


def count_text(n: int) -> str:
    return "1 Eintrag" if n == 1 else f"{n} Einträge"


def category_label(slug: str) -> str:
    return CATEGORIES.get(slug, slug.replace("-", " ").title() if slug else "Sonstiges")


def age_text(entry: dict[str, Any]) -> str:
    lo, hi = entry.get("age_min"), entry.get("age_max")
    if (lo is None or lo == 0) and hi is None:
        return "alle Altersgruppen"
    if lo is not None and hi is not None:
        return f"{lo}–{hi} Jahre"
    if lo is not None:
        return f"ab {lo} Jahren"
    return f"bis {hi} Jahre"


def is_free(fee: str) -> bool:
    return fee.strip().lower().startswith(("kostenlos", "kostenfrei"))


def tel_href(phone: str) -> str:
    digits = re.sub(r"[^0-9+]", "", phone)
    if digits.startswith("0"):
        digits = "+49" + digits[1:]
    return "tel:" + digits


def postal_address(address: str) -> dict[str, str]:
    match = ADDRESS_RE.match(address.strip())
    out = {"@type": "PostalAddress"}
    if match:
        out.update(streetAddress=match["street"].strip(), postalCode=match["zip"],
                   addressLocality=match["city"].strip())
    else:
        out.update(streetAddress=address.strip(), addressLocality="Kaufbeuren")
    out.update(addressRegion="Bayern", addressCountry="DE")
    return out


def paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", str(text or "")) if p.strip()]


def ul(items: Iterable[str], cls: str = "") -> str:
    items = list(items)
    if not items:
        return ""
    attr = f' class="{cls}"' if cls else ""
    return f"<ul{attr}>\n" + "".join(f"<li>{e(i)}</li>\n" for i in items) + "</ul>"


# ------------------------------------------------------------------------------------------- data


def load_entries(data_dir: Path, lenient: bool = False) -> tuple[list[dict[str, Any]], list[str]]:
    entries: list[dict[str, Any]] = []
    warnings: list[str] = []
    seen: dict[str, str] = {}
    for path in sorted(data_dir.glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                where = f"{path.name}:{number}"
                if not line.strip():
                    continue
                try:
                    entry = json.loads(line)
                    if not isinstance(entry, dict):
                        raise DataError("a line must hold a JSON object")
                    problems = check_entry(entry)
                    if any(p.startswith("!") for p in problems):
                        raise DataError("; ".join(p.lstrip("!") for p in problems if p.startswith("!")))
                    if entry["id"] in seen:
                        raise DataError(f"duplicate id {entry['id']!r} (first in {seen[entry['id']]})")
                except (ValueError, DataError) as exc:
                    if not lenient:
                        raise DataError(f"{where}: {exc}") from None
                    warnings.append(f"{where}: skipped: {exc}")
                    continue
                seen[entry["id"]] = where
                warnings.extend(f"{where} ({entry['id']}): {p}" for p in problems)
                entries.append(entry)
    return entries, warnings


def check_entry(entry: dict[str, Any]) -> list[str]:
    """Problems with one record; those starting with ``!`` make it unusable."""
    problems: list[str] = []
    entry_id = entry.get("id")
    if not isinstance(entry_id, str) or not ID_RE.match(entry_id):
        return [f"!id {entry_id!r} is not a lowercase ASCII slug"]
    kind = entry.get("kind")
    if kind not in KINDS:
        return [f"!unknown kind {kind!r}"]
    if not entry_id.startswith(KINDS[kind]["prefix"]):
        problems.append(f"id should start with {KINDS[kind]['prefix']!r}")
    if not str(entry.get("title") or "").strip():
        problems.append("!no title")
    if entry.get("category") not in CATEGORIES:
        problems.append(f"unknown category {entry.get('category')!r}")
    if entry.get("district") not in DISTRICTS:
        problems.append(f"unknown district {entry.get('district')!r}")
    for key in ("summary", "description", "address", "times", "frequency", "fee", "accessibility"):
        if not str(entry.get(key) or "").strip():
            problems.append(f"missing {key}")
    if not isinstance(entry.get("contact"), dict):
        problems.append("missing contact")
    return problems


# ------------------------------------------------------------------------------------------ layout

LAYOUT = Template("""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title – Kaufbeuren-aktiv</title>
<meta name="description" content="$description">
<meta name="robots" content="$robots">
<link rel="canonical" href="$canonical">
$head_links<link rel="icon" href="$assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="$assets/style.css">
<script src="$assets/cookie.js" defer></script>
$jsonld</head>
<body class="$body_class">
<a class="skip-link" href="#inhalt">Zum Inhalt springen</a>
<div class="cookie-banner" id="cookie-banner" role="dialog" aria-labelledby="cookie-titel" aria-live="polite">
<p class="cookie-title" id="cookie-titel"><strong>Datenschutz-Einstellungen</strong></p>
<p>Wir verwenden Cookies, um Ihnen die Nutzung unseres Portals so angenehm wie möglich zu machen. Technisch notwendige Cookies sind immer aktiv; eine anonyme Reichweitenmessung setzen wir nur mit Ihrer Einwilligung ein. Mehr dazu in unserer <a href="$datenschutz">Datenschutzerklärung</a>.</p>
<div class="cookie-actions">
<button type="button" class="btn btn-primary" data-consent="alle">Alle akzeptieren</button>
<button type="button" class="btn" data-consent="notwendig">Nur notwendige Cookies</button>
</div>
</div>
<header class="site-header" role="banner">
<div class="wrap header-inner">
<a class="logo" href="$home"><span class="logo-mark" aria-hidden="true">KB</span><span class="logo-text"><span class="logo-title">Kaufbeuren-aktiv</span><span class="logo-claim">Engagiert in Kaufbeuren</span></span></a>
<p class="header-service"><a href="$kontakt">Kontakt</a> · <a href="$barrierefreiheit">Barrierefreiheit</a></p>
</div>
<nav class="main-nav" aria-label="Hauptnavigation">
<ul class="wrap">
$nav</ul>
</nav>
</header>
$breadcrumb<div class="wrap layout">
<main id="inhalt">
$main
</main>
<aside class="sidebar" aria-label="Weitere Informationen">
<section class="sidebar-box">
<h2>Ehrenamt gesucht?</h2>
<p>Über 60 Einrichtungen in Kaufbeuren freuen sich über Unterstützung – ob zwei Stunden im Monat oder beim nächsten Stadtfest.</p>
<p><a class="btn btn-primary" href="$ehrenamt">Jetzt Ehrenamt finden</a></p>
</section>
<section class="sidebar-box newsletter">
<h2>Newsletter</h2>
<p>Einmal im Monat: neue Engagement-Angebote, Termine und Fortbildungen für Ehrenamtliche.</p>
<form class="newsletter-form" action="$kontakt" method="get">
<label for="newsletter-email">E-Mail-Adresse</label>
<input type="email" id="newsletter-email" name="email" placeholder="name@example.org" required>
<label class="checkbox"><input type="checkbox" name="einwilligung" value="ja" required> Ich habe die <a href="$datenschutz">Datenschutzhinweise</a> gelesen.</label>
<button type="submit" class="btn">Anmelden</button>
</form>
</section>
<section class="sidebar-box">
<h2>Sprechzeiten</h2>
<p>Freiwilligenagentur im Bürgerbüro:<br>Di und Do 9:00–12:00 Uhr, Mi 14:00–17:00 Uhr<br>und nach Vereinbarung.</p>
</section>
</aside>
</div>
<footer class="site-footer">
<div class="wrap footer-grid">
<div>
<p class="footer-title">Stadt Kaufbeuren – Kaufbeuren-aktiv (Beispieldaten)</p>
<address>Abteilung Bürgerschaftliches Engagement, Bildung und Integration<br>Beispielgasse 7<br>87600 Kaufbeuren<br>Telefon 089 99998 000<br>E-Mail: <a href="mailto:info@kaufbeuren-aktiv.example.org">info@kaufbeuren-aktiv.example.org</a></address>
</div>
<div>
<p class="footer-title">Engagement</p>
<ul>
<li><a href="$vereine">Vereine</a></li>
<li><a href="$ehrenamt">Ehrenamt</a></li>
<li><a href="$projekte">Projekte</a></li>
<li><a href="$stadtteile">Stadtteile</a></li>
</ul>
</div>
<div>
<p class="footer-title">Service</p>
<ul>
<li><a href="$kontakt">Kontakt</a></li>
<li><a href="$impressum">Impressum</a></li>
<li><a href="$datenschutz">Datenschutz</a></li>
<li><a href="$barrierefreiheit">Erklärung zur Barrierefreiheit</a></li>
<li><a href="$admin">Login für Redaktion</a></li>
</ul>
</div>
</div>
<p class="wrap copyright">© Stadt Kaufbeuren · Alle Inhalte dieses Portals sind erfundene Beispieldaten.</p>
</footer>
</body>
</html>
""")

NAV = [("", "Startseite"), ("vereine/", "Vereine"), ("ehrenamt/", "Ehrenamt"), ("projekte/", "Projekte"),
       ("stadtteile/", "Stadtteile"), ("kontakt.html", "Kontakt")]


class Site:
    def __init__(self, entries: list[dict[str, Any]]):
        self.entries = sorted(entries, key=sort_key)
        self.by_id = {x["id"]: x for x in self.entries}
        self.by_kind = {k: [x for x in self.entries if x["kind"] == k] for k in KINDS}
        self.files: dict[str, str] = {}  # file path -> content
        self.sitemap: list[tuple[str, str]] = []  # (url path, lastmod)
        dates = [updated(x) for x in self.entries]
        self.site_date = max(dates) if dates else STATIC_DATE

    # -------------------------------------------------------------------------------- page frame

    def page(self, path: str, title: str, main: str, *, section: str = "", description: str = "",
             index: bool = False, crumbs: list[tuple[str, str | None]] | None = None, jsonld: str = "",
             head_links: str = "", lastmod: str | None = None, public: bool = True) -> None:
        def link(target: str) -> str:
            return e(rel(path, target))

        nav = []
        for target, label in NAV:
            current = ' aria-current="page"' if target == section else ""
            nav.append(f'<li><a href="{link(target)}"{current}>{e(label)}</a></li>\n')
        breadcrumb = ""
        if crumbs is not None:
            items = [f'<li><a href="{link("")}">Startseite</a></li>']
            for label, target in crumbs:
                if target is None:
                    items.append(f'<li aria-current="page">{e(label)}</li>')
                else:
                    items.append(f'<li><a href="{link(target)}">{e(label)}</a></li>')
            breadcrumb = ('<nav class="breadcrumb wrap" aria-label="Sie sind hier">\n<ol>\n'
                          + "\n".join(items) + "\n</ol>\n</nav>\n")
        content = LAYOUT.substitute(
            title=e(title),
            description=e(description or f"{title} – {SITE_NAME}, das Engagement-Portal der Stadt Kaufbeuren."),
            robots="index, follow" if index else "noindex, follow",
            canonical=e(canonical(path)),
            head_links=head_links,
            assets=e(rel(path, "assets/").rstrip("/")),
            jsonld=jsonld,
            body_class="page-" + (section.strip("/").replace(".html", "") or "start"),
            nav="".join(nav),
            breadcrumb=breadcrumb,
            main=main,
            home=link(""), vereine=link("vereine/"), ehrenamt=link("ehrenamt/"), projekte=link("projekte/"),
            stadtteile=link("stadtteile/"), kontakt=link("kontakt.html"), impressum=link("impressum.html"),
            datenschutz=link("datenschutz.html"), barrierefreiheit=link("barrierefreiheit.html"),
            admin=link("admin/login.html"),
        )
        self.add(file_of(path), content)
        if public:
            self.sitemap.append((path, lastmod or STATIC_DATE))

    def add(self, file_path: str, content: str) -> None:
        if file_path in self.files:
            raise DataError(f"two pages would be written to {file_path}")
        self.files[file_path] = content

    def entry_path(self, entry: dict[str, Any]) -> str:
        return f"{KINDS[entry['kind']]['dir']}/{entry['id']}.html"

    # ------------------------------------------------------------------------------- listings

    def entry_item(self, path: str, entry: dict[str, Any]) -> str:
        meta = [f'<span class="badge">{e(category_label(entry.get("category", "")))}</span>',
                e(entry.get("district") or "")]
        if entry["kind"] == "opportunity":
            meta += [e(entry.get("organisation") or ""), e(entry.get("time_needed") or "")]
        elif entry["kind"] == "project":
            meta += [e(entry.get("years") or ""), e(entry.get("status") or "")]
        meta_html = " · ".join(m for m in meta if m)
        return (f'<li class="entry-item">\n<h2><a href="{e(rel(path, self.entry_path(entry)))}">'
                f'{e(entry["title"])}</a></h2>\n<p class="entry-meta">{meta_html}</p>\n'
                f'<p>{e(entry.get("summary") or "")}</p>\n</li>\n')

    def listing(self, paths: list[str], entries: list[dict[str, Any]], *, title: str, intro: str,
                section: str, crumbs: list[tuple[str, str | None]], filters: str = "") -> None:
        """One listing, split into pages of PER_PAGE entries; ``paths[i]`` is the URL of page i+1."""
        pages = [entries[i:i + PER_PAGE] for i in range(0, len(entries), PER_PAGE)] or [[]]
        assert len(paths) == len(pages)
        for number, chunk in enumerate(pages, start=1):
            path = paths[number - 1]
            first = (number - 1) * PER_PAGE + 1
            body = [f"<h1>{e(title)}</h1>", f'<p class="intro">{e(intro)}</p>']
            if filters:
                body.append(filters)
            if chunk:
                body.append(f'<p class="result-count">{first}–{first + len(chunk) - 1} von '
                            f'{len(entries)} Einträgen</p>')
                body.append('<ul class="entry-list">\n' + "".join(self.entry_item(path, x) for x in chunk)
                            + "</ul>")
            else:
                body.append('<p class="result-count">Derzeit sind hier keine Einträge vorhanden.</p>')
            head_links = ""
            if len(pages) > 1:
                nav = ['<nav class="pagination" aria-label="Seitennavigation">', "<ul>"]
                if number > 1:
                    prev = rel(path, paths[number - 2])
                    nav.append(f'<li><a href="{e(prev)}" rel="prev">« Zurück</a></li>')
                    head_links += f'<link rel="prev" href="{e(prev)}">\n'
                for other in range(1, len(pages) + 1):
                    if other == number:
                        nav.append(f'<li><span aria-current="page">{other}</span></li>')
                    else:
                        nav.append(f'<li><a href="{e(rel(path, paths[other - 1]))}">{other}</a></li>')
                if number < len(pages):
                    nxt = rel(path, paths[number])
                    nav.append(f'<li><a href="{e(nxt)}" rel="next">Weiter »</a></li>')
                    head_links += f'<link rel="next" href="{e(nxt)}">\n'
                nav += ["</ul>", "</nav>"]
                body.append("\n".join(nav))
            page_crumbs = crumbs if number == 1 else crumbs[:-1] + [(crumbs[-1][0], paths[0]),
                                                                     (f"Seite {number}", None)]
            page_title = title if number == 1 else f"{title} – Seite {number}"
            lastmod = max((updated(x) for x in chunk), default=self.site_date)
            self.page(path, page_title, "\n".join(body), section=section, crumbs=page_crumbs,
                      head_links=head_links, lastmod=lastmod, description=intro)

    @staticmethod
    def page_paths(first: str, prefix: str, count: int) -> list[str]:
        """URL paths of a listing's pages: ``first``, then ``<prefix>seite-2.html``..."""
        pages = max(1, -(-count // PER_PAGE))
        return [first] + [f"{prefix}seite-{n}.html" for n in range(2, pages + 1)]

    def kind_categories(self, kind: str) -> list[str]:
        present = {x.get("category") or "" for x in self.by_kind[kind]}
        known = [c for c in CATEGORIES if c in present]
        return known + sorted(present - set(known))

    def build_listings(self) -> None:
        for kind, info in KINDS.items():
            d = info["dir"]
            entries = self.by_kind[kind]
            cats = self.kind_categories(kind)

            def filters(path: str, active: str | None) -> str:
                items = [f'<li><a href="{e(rel(path, d + "/"))}"'
                         + (' aria-current="true"' if active is None else "") + f">{e(info['all'])}</a></li>"]
                for c in cats:
                    n = sum(1 for x in entries if x.get("category") == c)
                    cur = ' aria-current="true"' if c == active else ""
                    items.append(f'<li><a href="{e(rel(path, f"{d}/kategorie/{slugify(c)}.html"))}"{cur}>'
                                 f"{e(category_label(c))} ({n})</a></li>")
                return ('<div class="filter"><p class="filter-label">Nach Kategorie filtern:</p>\n<ul class="chips">\n'
                        + "\n".join(items) + "\n</ul>\n</div>")

            # All pages of one listing lie in one folder, so one filter block fits them all.
            paths = self.page_paths(d + "/", d + "/", len(entries))
            self.listing(paths, entries, title=info["label"], intro=info["intro"], section=d + "/",
                         crumbs=[(info["label"], None)], filters=filters(paths[0], None))
            for c in cats:
                in_cat = [x for x in entries if x.get("category") == c]
                slug = slugify(c)
                cpaths = self.page_paths(f"{d}/kategorie/{slug}.html", f"{d}/kategorie/{slug}-", len(in_cat))
                label = category_label(c)
                self.listing(cpaths, in_cat, title=f"{info['label']}: {label}",
                             intro=f"{count_text(len(in_cat))} in der Kategorie „{label}“.", section=d + "/",
                             crumbs=[(info["label"], d + "/"), (label, None)], filters=filters(cpaths[0], c))

    def build_districts(self) -> None:
        present = {x.get("district") for x in self.entries if x.get("district")}
        districts = DISTRICTS + sorted(present - set(DISTRICTS))
        rows = []
        for dist in districts:
            n = sum(1 for x in self.entries if x.get("district") == dist)
            rows.append(f'<li><a href="{e(slugify(dist))}.html">{e(dist)}</a> <span class="count">'
                        f"({count_text(n)})</span></li>")
        self.page("stadtteile/", "Stadtteile", "<h1>Engagement in den Stadtteilen</h1>\n"
                  '<p class="intro">Kaufbeuren ist mehr als die Altstadt: Wählen Sie einen Stadtteil, um Vereine, '
                  "Ehrenamt und Projekte in Ihrer Nachbarschaft zu sehen. Angebote für die ganze Stadt finden "
                  "Sie unter „Stadtgebiet“.</p>\n"
                  '<ul class="district-list">\n' + "\n".join(rows) + "\n</ul>", section="stadtteile/",
                  crumbs=[("Stadtteile", None)], lastmod=self.site_date)
        for dist in districts:
            path = f"stadtteile/{slugify(dist)}.html"
            body = [f"<h1>Stadtteil {e(dist)}</h1>",
                    f'<p class="intro">Vereine, Ehrenamt und Projekte in {e(dist)}.</p>']
            here = [x for x in self.entries if x.get("district") == dist]
            for kind, info in KINDS.items():
                items = [x for x in here if x["kind"] == kind]
                body.append(f'<section class="district-section">\n<h2>{e(info["label"])} ({len(items)})</h2>')
                if items:
                    body.append('<ul class="link-list">\n' + "".join(
                        f'<li><a href="{e(rel(path, self.entry_path(x)))}">{e(x["title"])}</a> – '
                        f'{e(x.get("summary") or "")}</li>\n' for x in items) + "</ul>")
                else:
                    body.append("<p>Derzeit keine Einträge.</p>")
                body.append("</section>")
            self.page(path, f"Stadtteil {dist}", "\n".join(body), section="stadtteile/",
                      crumbs=[("Stadtteile", "stadtteile/"), (dist, None)],
                      lastmod=max((updated(x) for x in here), default=self.site_date))

    # ---------------------------------------------------------------------------------- detail

    def build_details(self) -> None:
        for entry in self.entries:
            self.detail(entry)

    def related(self, entry: dict[str, Any]) -> list[dict[str, Any]]:
        same_kind = self.by_kind[entry["kind"]]
        same_cat = [x for x in same_kind if x.get("category") == entry.get("category")]
        picked: list[dict[str, Any]] = []
        for pool in (same_cat, same_kind):
            if len(pool) <= 1:
                continue
            start = pool.index(entry) if entry in pool else 0
            for step in range(1, len(pool)):
                cand = pool[(start + step) % len(pool)]
                if cand is not entry and cand not in picked:
                    picked.append(cand)
                if len(picked) == 3:
                    return picked
        return picked

    def properties(self, entry: dict[str, Any]) -> list[tuple[str, str]]:
        """(name, value) pairs of the additionalProperty list; empty values are left out."""
        free = entry.get("barrier_free")
        props = [
            ("Kategorie", category_label(entry.get("category") or "")),
            ("Stadtteil", entry.get("district") or ""),
            ("Zielgruppen", join(as_list(entry.get("target_groups")))),
            ("Alter", age_text(entry)),
            ("Zeiten", entry.get("times") or ""),
            ("Wochentage", join(as_list(entry.get("weekdays")))),
            ("Tageszeit", join(as_list(entry.get("time_of_day")))),
            ("Turnus", entry.get("frequency") or ""),
            ("Barrierefrei", "" if free is None else ("ja" if free else "nein")),
            ("Barrierefreiheit", entry.get("accessibility") or ""),
            ("Sprachen", join(as_list(entry.get("languages")))),
            ("Kosten", entry.get("fee") or ""),
        ]
        kind = entry["kind"]
        if kind == "club":
            props += [("Gegründet", str(entry.get("founded") or "")),
                      ("Mitglieder", str(entry.get("members") or ""))]
        elif kind == "opportunity":
            props += [("Rolle", entry.get("role") or ""), ("Organisation", entry.get("organisation") or ""),
                      ("Zeitaufwand", entry.get("time_needed") or ""), ("Beginn", entry.get("start") or "")]
        elif kind == "project":
            props += [("Förderprogramm", entry.get("programme") or ""), ("Laufzeit", entry.get("years") or ""),
                      ("Status", entry.get("status") or ""), ("Handlungsfeld", entry.get("field_of_action") or "")]
        return [(n, str(v).strip()) for n, v in props if str(v).strip()]

    def json_ld(self, entry: dict[str, Any], path: str) -> str:
        kind = entry["kind"]
        contact = entry.get("contact") if isinstance(entry.get("contact"), dict) else {}
        address = postal_address(entry.get("address") or "")
        if kind == "club":
            typ = "SportsClub" if entry.get("category") == "sport" else "NGO"
        elif kind == "opportunity":
            typ = "JobPosting"
        else:
            typ = "Project"
        obj: dict[str, Any] = {"@context": "https://schema.org", "@type": typ, "identifier": entry["id"],
                               "name": entry["title"]}
        if kind == "opportunity":
            obj["title"] = entry.get("role") or entry["title"]
            obj["employmentType"] = "VOLUNTEER"
            obj["datePosted"] = updated(entry)
        obj["description"] = entry.get("summary") or ""
        obj["url"] = canonical(path)
        obj["dateModified"] = updated(entry)
        tags = as_list(entry.get("tags"))
        if tags:
            obj["keywords"] = tags
        if entry.get("address"):
            obj["address"] = address
        if entry.get("district"):
            obj["areaServed"] = entry["district"]
        audience: dict[str, Any] = {"@type": "PeopleAudience",
                                    "audienceType": join(as_list(entry.get("target_groups"))) or "Alle"}
        if entry.get("age_min") is not None:
            audience["suggestedMinAge"] = entry["age_min"]
        if entry.get("age_max") is not None:
            audience["suggestedMaxAge"] = entry["age_max"]
        obj["audience"] = audience
        langs = as_list(entry.get("languages"))
        if langs:
            obj["knowsLanguage"] = langs
        if is_free(str(entry.get("fee") or "")):
            obj["isAccessibleForFree"] = True
        point = {"@type": "ContactPoint"}
        for src, dst in (("name", "name"), ("role", "contactType"), ("email", "email"), ("phone", "telephone")):
            if contact.get(src):
                point[dst] = contact[src]
        point["availableLanguage"] = langs or ["Deutsch"]
        obj["contactPoint"] = point
        if contact.get("email"):
            obj["email"] = contact["email"]
        if contact.get("phone"):
            obj["telephone"] = contact["phone"]
        if contact.get("website"):
            obj["sameAs"] = contact["website"]
        if kind == "club":
            if entry.get("founded"):
                obj["foundingDate"] = str(entry["founded"])
            offers = as_list(entry.get("offers"))
            if offers:
                obj["hasOfferCatalog"] = {"@type": "OfferCatalog", "name": "Angebote", "itemListElement": [
                    {"@type": "Offer", "itemOffered": {"@type": "Service", "name": o}} for o in offers]}
        elif kind == "opportunity":
            org: dict[str, Any] = {"@type": "Organization", "name": entry.get("organisation") or entry["title"]}
            org_entry = self.by_id.get(entry.get("organisation_id") or "")
            if org_entry is not None:
                org["url"] = canonical(self.entry_path(org_entry))
                org["identifier"] = org_entry["id"]
            obj["hiringOrganization"] = org
            obj["jobLocation"] = {"@type": "Place", "address": address}
            if entry.get("time_needed"):
                obj["workHours"] = entry["time_needed"]
            if as_list(entry.get("tasks")):
                obj["responsibilities"] = "; ".join(as_list(entry.get("tasks")))
            if as_list(entry.get("requirements")):
                obj["qualifications"] = "; ".join(as_list(entry.get("requirements")))
            if entry.get("training"):
                obj["jobBenefits"] = entry["training"]
            if entry.get("start"):
                obj["jobStartDate"] = entry["start"]
        else:
            if entry.get("year_start"):
                obj["foundingDate"] = str(entry["year_start"])
            if entry.get("year_end") and entry.get("status") == "abgeschlossen":
                obj["dissolutionDate"] = str(entry["year_end"])
            obj["parentOrganization"] = {"@type": "GovernmentOrganization",
                                         "name": "Stadt Kaufbeuren – Kaufbeuren-aktiv"}
            if entry.get("programme"):
                obj["funder"] = {"@type": "Organization", "name": entry["programme"]}
            partners = as_list(entry.get("partners"))
            if partners:
                obj["member"] = [{"@type": "Organization", "name": p} for p in partners]
        obj["additionalProperty"] = [{"@type": "PropertyValue", "name": n, "value": v}
                                     for n, v in self.properties(entry)]
        text = json.dumps(obj, ensure_ascii=False, indent=2)
        text = text.replace("</", "<\\/").replace("<!--", "\\u003c!--")
        return f'<script type="application/ld+json">\n{text}\n</script>\n'

    def contact_block(self, entry: dict[str, Any], microdata: bool) -> str:
        contact = entry.get("contact") if isinstance(entry.get("contact"), dict) else {}

        def prop(name: str) -> str:
            return f' itemprop="{name}"' if microdata else ""

        scope = ' itemscope itemtype="https://schema.org/ContactPoint"' if microdata else ""
        rows = []
        if contact.get("name"):
            rows.append(f'<dt>Ansprechperson</dt>\n<dd><span{prop("name")}>{e(contact["name"])}</span></dd>')
        if contact.get("role"):
            rows.append(f'<dt>Funktion</dt>\n<dd><span{prop("contactType")}>{e(contact["role"])}</span></dd>')
        if contact.get("email"):
            rows.append(f'<dt>E-Mail</dt>\n<dd><a href="mailto:{e(contact["email"])}">'
                        f'<span{prop("email")}>{e(contact["email"])}</span></a></dd>')
        if contact.get("phone"):
            rows.append(f'<dt>Telefon</dt>\n<dd><a href="{e(tel_href(contact["phone"]))}">'
                        f'<span{prop("telephone")}>{e(contact["phone"])}</span></a></dd>')
        if contact.get("website"):
            shown = re.sub(r"^https?://", "", contact["website"]).rstrip("/")
            rows.append(f'<dt>Website</dt>\n<dd><a{prop("url")} href="{e(contact["website"])}" '
                        f'rel="external nofollow noopener">{e(shown)}</a></dd>')
        if microdata:
            rows.append('<dt>Sprachen</dt>\n<dd>' + ", ".join(
                f'<span itemprop="availableLanguage">{e(lang)}</span>'
                for lang in (as_list(entry.get("languages")) or ["Deutsch"])) + "</dd>")
        return (f'<section class="kontakt"{scope}>\n<h2>Kontakt</h2>\n<dl class="contact-list">\n'
                + "\n".join(rows) + "\n</dl>\n</section>")

    def detail(self, entry: dict[str, Any]) -> None:
        kind = entry["kind"]
        info = KINDS[kind]
        path = self.entry_path(entry)
        cat = entry.get("category") or ""
        cat_label = category_label(cat)
        cat_path = f"{info['dir']}/kategorie/{slugify(cat)}.html"
        props = dict(self.properties(entry))

        facts: list[tuple[str, str]] = []  # (label, already escaped html)

        def fact(label: str, value: Any, raw: bool = False) -> None:
            if value is None or str(value).strip() == "":
                return
            facts.append((label, str(value) if raw else e(value)))

        fact("Kategorie", f'<a href="{e(rel(path, cat_path))}">{e(cat_label)}</a>', raw=True)
        fact("Stadtteil", entry.get("district"))
        fact("Adresse", entry.get("address"))
        if kind == "opportunity":
            fact("Rolle", entry.get("role"))
            org = entry.get("organisation")
            org_entry = self.by_id.get(entry.get("organisation_id") or "")
            if org and org_entry is not None:
                fact("Organisation", f'<a href="{e(rel(path, self.entry_path(org_entry)))}">{e(org)}</a>', raw=True)
            else:
                fact("Organisation", org)
            fact("Zeitaufwand", entry.get("time_needed"))
            fact("Beginn", entry.get("start"))
        if kind == "project":
            fact("Förderprogramm", entry.get("programme"))
            fact("Laufzeit", entry.get("years"))
            fact("Status", entry.get("status"))
            fact("Handlungsfeld", entry.get("field_of_action"))
        fact("Zielgruppen", props.get("Zielgruppen"))
        fact("Alter", props.get("Alter"))
        fact("Zeiten", entry.get("times"))
        fact("Wochentage", props.get("Wochentage"))
        fact("Tageszeit", props.get("Tageszeit"))
        fact("Turnus", entry.get("frequency"))
        if entry.get("barrier_free") is not None:
            yes = "Ja" if entry.get("barrier_free") else "Nein"
            sentence = entry.get("accessibility") or ""
            fact("Barrierefrei", f"{yes} – {sentence}" if sentence else yes)
        elif entry.get("accessibility"):
            fact("Barrierefreiheit", entry.get("accessibility"))
        fact("Sprachen", props.get("Sprachen"))
        fact("Kosten", entry.get("fee"))
        if kind == "club":
            fact("Gegründet", entry.get("founded"))
            if entry.get("members"):
                fact("Mitglieder", f"ca. {entry['members']}")

        sections: list[str] = []

        def list_section(title: str, items: list[str], cls: str) -> None:
            if items:
                sections.append(f'<section class="{cls}">\n<h2>{e(title)}</h2>\n{ul(items)}\n</section>')

        def text_section(title: str, text: Any, cls: str) -> None:
            if text and str(text).strip():
                sections.append(f'<section class="{cls}">\n<h2>{e(title)}</h2>\n<p>{e(text)}</p>\n</section>')

        if kind == "club":
            list_section("Angebote", as_list(entry.get("offers")), "angebote")
        elif kind == "opportunity":
            list_section("Ihre Aufgaben", as_list(entry.get("tasks")), "aufgaben")
            list_section("Voraussetzungen", as_list(entry.get("requirements")), "voraussetzungen")
            text_section("Wir bieten", entry.get("training"), "wir-bieten")
        else:
            list_section("Ziele", as_list(entry.get("goals")), "ziele")
            list_section("Partner", as_list(entry.get("partners")), "partner")
            text_section("Mitmachen", entry.get("how_to_join"), "mitmachen")

        microdata = digest("microdata:" + entry["id"]) % MICRODATA_SHARE == 0
        tags = as_list(entry.get("tags"))
        desc = "\n".join(f"<p>{e(p)}</p>" for p in paragraphs(entry.get("description") or ""))
        share_subject = quote(f"{entry['title']} – Kaufbeuren-aktiv")
        share_body = quote(f"Gefunden auf Kaufbeuren-aktiv: {entry['title']}")
        main = [
            f'<article class="entry entry-{kind}">',
            '<header class="entry-header">',
            f'<p class="entry-kind">{e(info["singular"])} · {e(cat_label)}</p>',
            f"<h1>{e(entry['title'])}</h1>",
            f'<p class="lead">{e(entry.get("summary") or "")}</p>',
            "</header>",
            f'<section class="beschreibung">\n<h2>Beschreibung</h2>\n{desc}\n</section>',
            '<section class="steckbrief">\n<h2>Auf einen Blick</h2>\n<dl class="facts">\n'
            + "\n".join(f"<dt>{e(k)}</dt>\n<dd>{v}</dd>" for k, v in facts) + "\n</dl>\n</section>",
            *sections,
            self.contact_block(entry, microdata),
        ]
        if tags:
            main.append('<p class="tags">Schlagworte: ' + ", ".join(
                f'<span class="tag">{e(t)}</span>' for t in tags) + "</p>")
        main += [
            f'<p class="updated">Zuletzt aktualisiert: <time datetime="{updated(entry)}">'
            f"{german_date(updated(entry))}</time></p>",
            '<div class="share-links">\n<p>Teilen: '
            f'<a href="mailto:?subject={e(share_subject)}&amp;body={e(share_body)}">per E-Mail</a> · '
            f'<a href="{e(posixpath.basename(path))}#inhalt">Link zu dieser Seite</a></p>\n</div>',
            f'<p class="back-link"><a href="{e(rel(path, info["dir"] + "/"))}">Zurück zur Übersicht</a></p>',
            "</article>",
        ]
        related = self.related(entry)
        aside = []
        if related:
            aside.append("<h2>Das könnte Sie auch interessieren</h2>")
            aside.append('<ul class="link-list">\n' + "".join(
                f'<li><a href="{e(rel(path, self.entry_path(x)))}">{e(x["title"])}</a></li>\n'
                for x in related) + "</ul>")
        if kind == "club":
            wanted = [x for x in self.by_kind["opportunity"] if x.get("organisation_id") == entry["id"]]
            if wanted:
                aside.append("<h2>Ehrenamt bei dieser Organisation</h2>")
                aside.append('<ul class="link-list">\n' + "".join(
                    f'<li><a href="{e(rel(path, self.entry_path(x)))}">{e(x["title"])}</a></li>\n'
                    for x in wanted) + "</ul>")
        if aside:
            main.append('<aside class="related">\n' + "\n".join(aside) + "\n</aside>")
        self.page(path, entry["title"], "\n".join(main), section=info["dir"] + "/",
                  description=entry.get("summary") or "", index=True,
                  crumbs=[(info["label"], info["dir"] + "/"), (cat_label, cat_path), (entry["title"], None)],
                  jsonld=self.json_ld(entry, path), lastmod=updated(entry))

    # ---------------------------------------------------------------------------------- start page

    def build_start(self) -> None:
        path = ""
        recent = sorted(self.entries, key=lambda x: (updated(x), x["id"]), reverse=True)
        boxes = []
        for kind, info in KINDS.items():
            n = len(self.by_kind[kind])
            picks = [x for x in recent if x["kind"] == kind][:4]
            items = "".join(f'<li><a href="{e(rel(path, self.entry_path(x)))}">{e(x["title"])}</a></li>\n'
                            for x in picks)
            boxes.append(
                f'<section class="teaser-box">\n<h2><a href="{e(info["dir"])}/">{e(info["label"])}</a></h2>\n'
                f'<p>{e(info["intro"])}</p>\n<p class="count"><strong>{n}</strong> {"Eintrag" if n == 1 else "Einträge"}</p>\n'
                + (f'<h3>Neu oder aktualisiert</h3>\n<ul class="teaser-list">\n{items}</ul>\n' if items else "")
                + f'<p><a class="btn" href="{e(info["dir"])}/">{e(info["all"])} anzeigen</a></p>\n</section>')
        chips = []
        for c in self.kind_categories("club"):
            chips.append(f'<li><a href="vereine/kategorie/{e(slugify(c))}.html">{e(category_label(c))}</a></li>')
        districts = "".join(f'<li><a href="stadtteile/{e(slugify(d))}.html">{e(d)}</a></li>\n' for d in DISTRICTS)
        main = "\n".join([
            '<section class="hero">',
            "<h1>Engagiert in Kaufbeuren</h1>",
            '<p class="intro">Rund 400 Vereine, dazu Initiativen, Kirchengemeinden und soziale Einrichtungen prägen '
            "das Zusammenleben in Kaufbeuren. Auf Kaufbeuren-aktiv finden Sie Angebote zum Mitmachen, Gesuche für "
            "ein Ehrenamt und die Projekte der Stadt zu Bildung, Integration und Bürgerschaftlichem Engagement.</p>",
            "</section>",
            '<div class="teaser-grid">', *boxes, "</div>",
            '<section class="themen">\n<h2>Vereine nach Themen</h2>\n<ul class="chips">\n' + "\n".join(chips)
            + "\n</ul>\n</section>",
            '<section class="stadtteile">\n<h2>In Ihrem Stadtteil</h2>\n<ul class="chips">\n' + districts
            + "</ul>\n</section>",
            '<section class="hinweis">\n<h2>Hinweis</h2>\n<p>Dieses Portal ist eine Nachbildung mit erfundenen '
            "Beispieldaten. Alle Vereine, Personen, Adressen, Telefonnummern und E-Mail-Adressen sind frei "
            "erfunden.</p>\n</section>",
        ])
        self.page(path, "Startseite", main, section="", crumbs=None, lastmod=self.site_date,
                  description="Kaufbeuren-aktiv – das Portal für Vereine, Ehrenamt und Projekte in Kaufbeuren.")

    # ------------------------------------------------------------------------------- static pages

    def build_static(self) -> None:
        self.page("impressum.html", "Impressum", IMPRESSUM, section="impressum.html",
                  crumbs=[("Impressum", None)])
        self.page("datenschutz.html", "Datenschutzerklärung", DATENSCHUTZ, section="datenschutz.html",
                  crumbs=[("Datenschutz", None)])
        self.page("kontakt.html", "Kontakt", KONTAKT, section="kontakt.html", crumbs=[("Kontakt", None)])
        self.page("barrierefreiheit.html", "Erklärung zur Barrierefreiheit", BARRIEREFREIHEIT,
                  section="barrierefreiheit.html", index=True, crumbs=[("Barrierefreiheit", None)])
        self.page("admin/", "Redaktionsbereich", ADMIN_INDEX.substitute(login="login.html"), section="admin",
                  crumbs=[("Redaktion", None)], public=False)
        self.page("admin/login.html", "Anmeldung Redaktion", ADMIN_LOGIN, section="admin",
                  crumbs=[("Redaktion", "admin/"), ("Anmeldung", None)], public=False)

    # ------------------------------------------------------------------------------------ extras

    def build_extras(self) -> None:
        self.add("robots.txt", "# Kaufbeuren-aktiv – Beispielportal mit erfundenen Daten\n"
                 "User-agent: *\nDisallow: /admin/\nCrawl-delay: 1\n\n"
                 f"Sitemap: {BASE}/sitemap.xml\n")
        urls = sorted(self.sitemap)
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
        for path, lastmod in urls:
            lines.append(f"  <url><loc>{html.escape(canonical(path), quote=False)}</loc>"
                         f"<lastmod>{lastmod}</lastmod></url>")
        lines.append("</urlset>")
        self.add("sitemap.xml", "\n".join(lines) + "\n")
        self.add("assets/style.css", STYLE_CSS)
        self.add("assets/cookie.js", COOKIE_JS)
        self.add("assets/favicon.svg", FAVICON_SVG)

    def build(self) -> dict[str, str]:
        self.build_start()
        self.build_listings()
        self.build_districts()
        self.build_details()
        self.build_static()
        self.build_extras()
        return self.files


# ------------------------------------------------------------------------------------ static texts

IMPRESSUM = """<article class="static-page">
<h1>Impressum</h1>
<p><strong>Stadt Kaufbeuren – Kaufbeuren-aktiv (Beispieldaten)</strong><br>
Abteilung Bürgerschaftliches Engagement, Bildung und Integration<br>
Beispielgasse 7<br>
87600 Kaufbeuren</p>
<h2>Vertreten durch</h2>
<p>Die Stadt Kaufbeuren ist eine Körperschaft des öffentlichen Rechts. Für dieses Beispielportal verantwortlich im Sinne des § 18 Abs. 2 MStV: Anna Beispiel (fiktive Person), Abteilungsleitung Kaufbeuren-aktiv, Anschrift wie oben.</p>
<h2>Kontakt</h2>
<p>Telefon: 089 99998 000<br>
Telefax: 089 99998 001<br>
E-Mail: <a href="mailto:info@kaufbeuren-aktiv.example.org">info@kaufbeuren-aktiv.example.org</a></p>
<h2>Hinweis zu den Inhalten</h2>
<p>Sämtliche Vereine, Ehrenamtsgesuche, Projekte, Personen, Anschriften, Telefonnummern und E-Mail-Adressen auf diesem Portal sind frei erfunden und dienen ausschließlich als Testdaten für den Engagement-Assistenten. Die Telefonnummern stammen aus einem für fiktive Zwecke reservierten Nummernbereich, die E-Mail-Adressen aus der reservierten Domain example.org.</p>
<h2>Haftung für Links</h2>
<p>Unser Angebot enthält Verweise auf Websites von Vereinen und Einrichtungen. Für deren Inhalte sind ausschließlich die jeweiligen Anbieter verantwortlich.</p>
</article>"""

DATENSCHUTZ = """<article class="static-page">
<h1>Datenschutzerklärung</h1>
<p>Der Schutz Ihrer personenbezogenen Daten ist uns wichtig. Nachfolgend informieren wir Sie nach Art. 13 DSGVO über die Verarbeitung Ihrer Daten beim Besuch dieses Portals.</p>
<h2>Verantwortliche Stelle</h2>
<p>Stadt Kaufbeuren – Kaufbeuren-aktiv (Beispieldaten), Beispielgasse 7, 87600 Kaufbeuren, E-Mail: <a href="mailto:datenschutz@kaufbeuren-aktiv.example.org">datenschutz@kaufbeuren-aktiv.example.org</a></p>
<h2>Server-Protokolle</h2>
<p>Beim Aufruf einer Seite speichert der Webserver vorübergehend Datum und Uhrzeit, die aufgerufene Adresse, den Browsertyp und eine gekürzte IP-Adresse. Die Protokolle werden nach sieben Tagen gelöscht.</p>
<h2>Cookies</h2>
<p>Wir setzen ein technisch notwendiges Cookie, das Ihre Auswahl im Cookie-Hinweis speichert. Eine Reichweitenmessung findet nur nach Ihrer Einwilligung statt und erfolgt ausschließlich auf unseren eigenen Servern; Dienste Dritter werden nicht eingebunden.</p>
<h2>Newsletter</h2>
<p>Für den Newsletter speichern wir Ihre E-Mail-Adresse bis zu Ihrer Abmeldung. Die Anmeldung erfolgt im Double-Opt-in-Verfahren.</p>
<h2>Ihre Rechte</h2>
<p>Sie haben das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der Verarbeitung sowie ein Beschwerderecht beim Bayerischen Landesbeauftragten für den Datenschutz.</p>
</article>"""

KONTAKT = """<article class="static-page">
<h1>Kontakt</h1>
<p>Sie haben Fragen zum Ehrenamt, möchten Ihren Verein eintragen lassen oder suchen Beratung zu Fördermöglichkeiten? Wir helfen Ihnen gerne weiter.</p>
<h2>Freiwilligenagentur und Vereinsberatung</h2>
<p>Stadt Kaufbeuren – Kaufbeuren-aktiv (Beispieldaten)<br>
Beispielgasse 7, 87600 Kaufbeuren<br>
Telefon: <a href="tel:+498999998000">089 99998 000</a><br>
E-Mail: <a href="mailto:ehrenamt@kaufbeuren-aktiv.example.org">ehrenamt@kaufbeuren-aktiv.example.org</a></p>
<h2>Sprechzeiten</h2>
<p>Dienstag und Donnerstag 9:00–12:00 Uhr, Mittwoch 14:00–17:00 Uhr sowie nach Vereinbarung. Das Bürgerbüro ist ebenerdig erreichbar.</p>
<h2>Kontaktformular</h2>
<form class="contact-form" action="kontakt.html" method="get">
<p><label for="kontakt-name">Ihr Name</label><br><input type="text" id="kontakt-name" name="name"></p>
<p><label for="kontakt-email">Ihre E-Mail-Adresse</label><br><input type="email" id="kontakt-email" name="email" required></p>
<p><label for="kontakt-nachricht">Ihre Nachricht</label><br><textarea id="kontakt-nachricht" name="nachricht" rows="6"></textarea></p>
<p><button type="submit" class="btn btn-primary">Nachricht senden</button></p>
</form>
</article>"""

BARRIEREFREIHEIT = """<article class="static-page">
<h1>Erklärung zur Barrierefreiheit</h1>
<p>Die Stadt Kaufbeuren ist bemüht, ihre Internetauftritte im Einklang mit dem Bayerischen Behindertengleichstellungsgesetz (BayBGG) und der Bayerischen Barrierefreie Informationstechnik-Verordnung (BayBITV) barrierefrei zugänglich zu machen.</p>
<h2>Stand der Vereinbarkeit mit den Anforderungen</h2>
<p>Dieses Portal ist weitgehend mit den Anforderungen vereinbar. Einzelne ältere PDF-Dokumente im Archiv sind noch nicht vollständig barrierefrei.</p>
<h2>Barrierefreie Angebote finden</h2>
<p>Bei jedem Eintrag geben wir an, ob die Räume stufenlos erreichbar sind und ob es ein barrierefreies WC gibt. Achten Sie in der Übersicht „Auf einen Blick“ auf die Angabe „Barrierefrei“.</p>
<h2>Feedback und Kontakt</h2>
<p>Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen? Schreiben Sie uns an <a href="mailto:barrierefreiheit@kaufbeuren-aktiv.example.org">barrierefreiheit@kaufbeuren-aktiv.example.org</a> oder rufen Sie uns an unter 089 99998 002.</p>
<h2>Durchsetzungsverfahren</h2>
<p>Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort erhalten, können Sie sich an die Durchsetzungs- und Überwachungsstelle des Freistaats Bayern wenden.</p>
</article>"""

ADMIN_INDEX = Template("""<article class="static-page">
<h1>Redaktionsbereich</h1>
<p>Dieser Bereich ist nur für die Redaktion von Kaufbeuren-aktiv und für eingetragene Vereine bestimmt. Bitte melden Sie sich an, um Einträge zu bearbeiten.</p>
<p><a class="btn btn-primary" href="$login">Zur Anmeldung</a></p>
<p>Interne Hinweise: Entwürfe werden erst nach Freigabe durch die Redaktion veröffentlicht.</p>
</article>""")

ADMIN_LOGIN = """<article class="static-page">
<h1>Anmeldung Redaktion</h1>
<form class="login-form" action="login.html" method="post">
<p><label for="login-user">Benutzername</label><br><input type="text" id="login-user" name="benutzer" autocomplete="username"></p>
<p><label for="login-pass">Passwort</label><br><input type="password" id="login-pass" name="passwort" autocomplete="current-password"></p>
<p><button type="submit" class="btn btn-primary">Anmelden</button></p>
</form>
<p>Passwort vergessen? Wenden Sie sich an die Redaktion unter <a href="mailto:redaktion@kaufbeuren-aktiv.example.org">redaktion@kaufbeuren-aktiv.example.org</a>.</p>
</article>"""

STYLE_CSS = """/* Kaufbeuren-aktiv – Beispielportal */
:root {
  --blue: #00508c;
  --blue-dark: #003660;
  --red: #c8102e;
  --grey: #f3f4f6;
  --line: #d6d9de;
  --text: #1f2328;
}
* { box-sizing: border-box; }
body { margin: 0; font-family: "Source Sans 3", "Segoe UI", Arial, sans-serif; color: var(--text);
  line-height: 1.55; background: #fff; }
a { color: var(--blue); }
a:hover, a:focus { color: var(--red); }
.wrap { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
.skip-link { position: absolute; left: -999px; top: 0; background: var(--blue); color: #fff; padding: .5rem 1rem; }
.skip-link:focus { left: 1rem; z-index: 100; }
.site-header { border-top: 6px solid var(--red); background: #fff; }
.header-inner { display: flex; justify-content: space-between; align-items: center; padding-top: 1rem;
  padding-bottom: 1rem; flex-wrap: wrap; gap: 1rem; }
.logo { display: flex; align-items: center; gap: .75rem; text-decoration: none; color: var(--text); }
.logo-mark { display: inline-block; background: var(--blue); color: #fff; font-weight: 700; padding: .6rem .7rem;
  border-radius: 4px; }
.logo-text { display: flex; flex-direction: column; }
.logo-title { font-size: 1.6rem; font-weight: 700; color: var(--blue); }
.logo-claim { font-size: .95rem; color: #555; }
.header-service { font-size: .9rem; margin: 0; }
.main-nav { background: var(--blue); }
.main-nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem; margin: 0 auto; }
.main-nav a { display: block; color: #fff; text-decoration: none; padding: .75rem 1rem; font-weight: 600; }
.main-nav a:hover, .main-nav a[aria-current] { background: var(--blue-dark); color: #fff; }
.breadcrumb ol { list-style: none; display: flex; flex-wrap: wrap; padding: 0; margin: 1rem auto; font-size: .9rem; }
.breadcrumb li + li::before { content: "›"; margin: 0 .5rem; color: #888; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) 18rem; gap: 2rem; margin-bottom: 3rem; }
@media (max-width: 50rem) { .layout { grid-template-columns: 1fr; } }
h1 { color: var(--blue-dark); line-height: 1.2; }
.intro, .lead { font-size: 1.15rem; }
.sidebar-box { background: var(--grey); border-left: 4px solid var(--blue); padding: 1rem; margin-bottom: 1.5rem; }
.sidebar-box h2 { font-size: 1.15rem; margin-top: 0; }
.newsletter-form label { display: block; margin: .5rem 0 .25rem; }
.newsletter-form input[type=email] { width: 100%; padding: .4rem; }
.btn { display: inline-block; border: 2px solid var(--blue); background: #fff; color: var(--blue); padding: .45rem .9rem;
  border-radius: 3px; font: inherit; font-weight: 600; text-decoration: none; cursor: pointer; }
.btn-primary { background: var(--blue); color: #fff; }
.cookie-banner { position: fixed; bottom: 0; left: 0; right: 0; background: #fff; border-top: 4px solid var(--blue);
  box-shadow: 0 -4px 16px rgba(0, 0, 0, .15); padding: 1rem 1.5rem; z-index: 50; }
.cookie-banner[hidden] { display: none; }
.cookie-actions { display: flex; gap: .75rem; flex-wrap: wrap; }
.entry-list { list-style: none; padding: 0; }
.entry-item { border-bottom: 1px solid var(--line); padding: .75rem 0; }
.entry-item h2 { font-size: 1.2rem; margin: 0 0 .25rem; }
.entry-meta { color: #555; font-size: .9rem; margin: 0; }
.badge { background: var(--grey); border: 1px solid var(--line); border-radius: 3px; padding: 0 .4rem; }
.chips { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem; }
.chips a { display: inline-block; border: 1px solid var(--line); border-radius: 999px; padding: .2rem .8rem;
  text-decoration: none; }
.chips a[aria-current] { background: var(--blue); color: #fff; }
.pagination ul { list-style: none; display: flex; gap: .5rem; padding: 0; flex-wrap: wrap; }
.pagination a, .pagination span { display: inline-block; padding: .3rem .7rem; border: 1px solid var(--line); }
.pagination span[aria-current] { background: var(--blue); color: #fff; }
.entry-kind { text-transform: uppercase; letter-spacing: .05em; font-size: .85rem; color: var(--red); margin: 0; }
.facts, .contact-list { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1.25rem; }
.facts dt, .contact-list dt { font-weight: 700; }
.facts dd, .contact-list dd { margin: 0; }
.kontakt { background: var(--grey); padding: 1rem 1.25rem; }
.tag { background: var(--grey); border-radius: 3px; padding: 0 .35rem; }
.updated { color: #555; font-size: .9rem; }
.related { border-top: 2px solid var(--line); margin-top: 2rem; }
.teaser-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 1.5rem; }
.teaser-box { border: 1px solid var(--line); border-top: 4px solid var(--blue); padding: 1rem; }
.site-footer { background: var(--blue-dark); color: #fff; padding: 2rem 0 1rem; }
.site-footer a { color: #fff; }
.site-footer address { font-style: normal; }
.footer-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 2rem; }
.footer-title { font-weight: 700; }
.site-footer ul { list-style: none; padding: 0; }
.copyright { border-top: 1px solid rgba(255, 255, 255, .3); padding-top: 1rem; font-size: .9rem; }
@media print { .site-header, .sidebar, .site-footer, .cookie-banner, .breadcrumb { display: none; } }
"""

COOKIE_JS = """/* Cookie-Hinweis: merkt sich die Auswahl in einem eigenen Cookie; keine Anfragen an Dritte. */
(function () {
  "use strict";
  var KEY = "kba_cookie_consent";
  document.addEventListener("DOMContentLoaded", function () {
    var banner = document.getElementById("cookie-banner");
    if (!banner) { return; }
    if (document.cookie.indexOf(KEY + "=") !== -1) { banner.hidden = true; return; }
    banner.addEventListener("click", function (event) {
      var choice = event.target.getAttribute("data-consent");
      if (!choice) { return; }
      document.cookie = KEY + "=" + choice + "; max-age=31536000; path=/; SameSite=Lax";
      banner.hidden = true;
    });
  });
})();
"""

FAVICON_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="4" fill="#00508c"/><text x="16" y="21" font-family="Arial, sans-serif" font-size="13" font-weight="700" fill="#fff" text-anchor="middle">KB</text></svg>
"""


# ------------------------------------------------------------------------------------------ main


def write_site(files: dict[str, str], out: Path) -> None:
    out = out.resolve()
    if out.exists():
        if not out.is_dir():
            raise DataError(f"{out} exists and is not a directory")
        if any(out.iterdir()) and not (out / "robots.txt").exists() and not (out / "sitemap.xml").exists():
            raise DataError(f"refusing to delete {out}: it is not empty and does not look like a built site")
        shutil.rmtree(out)
    for rel_path in sorted(files):
        target = out / rel_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[rel_path].encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with *.jsonl (default: corpus/data)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: corpus/site)")
    parser.add_argument("--lenient", action="store_true", help="skip unusable records instead of failing")
    parser.add_argument("--quiet", action="store_true", help="do not print data warnings")
    args = parser.parse_args(argv)
    try:
        entries, warnings = load_entries(args.data, lenient=args.lenient)
        ids = {x["id"] for x in entries}
        warnings += [f"{x['id']}: organisation_id {x['organisation_id']!r} is not an entry"
                     for x in entries if x.get("organisation_id") and x["organisation_id"] not in ids]
        files = Site(entries).build()
        write_site(files, args.out)
    except (DataError, OSError) as exc:
        print(f"build_site: error: {exc}", file=sys.stderr)
        return 1
    if not args.quiet:
        for warning in warnings:
            print(f"build_site: warning: {warning}", file=sys.stderr)
    counts = ", ".join(f"{len([x for x in entries if x['kind'] == k])} {KINDS[k]['dir']}" for k in KINDS)
    print(f"build_site: {len(files)} files written to {args.out} ({counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
