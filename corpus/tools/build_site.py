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
import html
import shutil
import sys
from pathlib import Path
from typing import Any

from site_common import (
    BASE, SITE_NAME, PER_PAGE, DEFAULT_DATA, DEFAULT_OUT, STATIC_DATE, KINDS, CATEGORIES, DISTRICTS,
    DataError, e, slugify, sort_key, file_of, rel, canonical, updated, count_text, category_label,
    load_entries,
)
from site_static import (
    LAYOUT, NAV, IMPRESSUM, DATENSCHUTZ, KONTAKT, BARRIEREFREIHEIT, ADMIN_INDEX, ADMIN_LOGIN, STYLE_CSS,
    COOKIE_JS, FAVICON_SVG,
)
from site_detail import DetailPages


class Site(DetailPages):
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
