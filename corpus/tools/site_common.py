"""Constants, small helpers and the data loader shared by the portal builder (build_site.py)."""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterable


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
