"""One detail page per entry, with schema.org JSON-LD (and microdata on some), for build_site.py."""

from __future__ import annotations

import json
import posixpath
import re
from typing import Any
from urllib.parse import quote

from site_common import (
    MICRODATA_SHARE, KINDS, e, slugify, digest, rel, canonical, german_date, updated, as_list, join,
    category_label, age_text, is_free, tel_href, postal_address, paragraphs, ul,
)


class DetailPages:
    """Detail pages of entries: facts, JSON-LD, microdata contact block, related entries.

    Mixed into :class:`build_site.Site`, which provides ``entries``, ``by_kind``, ``page`` and ``entry_path``."""

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
