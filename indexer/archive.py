"""Metadata of staff archive documents: date, year, programme, field of action, document type, format.

The staff archive search filters on these normalised keys. Sources, first found wins per key:
1. the visible header block (``Datum:``, ``Programm:``, ``Handlungsfeld:``, ``Dokumentart:``): what the
   authors wrote on the document; format metadata is often left over from a template;
2. the format's own metadata (PDF info, DOCX core properties, HTML ``dcterms.*``/``kba.*`` meta tags);
3. the file name ``YYYY-MM-DD_<doctype>_<slug>.<ext>``;
4. rules on the text, for documents with none of these (e.g. council papers): a year from a council
   paper number (``10.1/371/2021``, ``Drucksache 0925/2021``) or a date near the top, else the latest
   year the text mentions; a programme from known programme names; a document type from a label
   (``Art: Beschlussvorlage``) or a known type word near the top; a field of action from keywords.
``metadata_source`` records where each value came from, so a consumer can weigh rule-based guesses.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any

_HEADER = re.compile(r"^\s*(Datum|Programm|Förderprogramm|Handlungsfeld|Dokumentart)\s*:\s*(\S.*?)\s*$", re.I | re.M)
_HEADER_KEYS = {"datum": "date", "programm": "programme", "förderprogramm": "programme",
                "handlungsfeld": "field_of_action", "dokumentart": "doctype"}
_FILE_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})_([a-zäöüß]+)_")
_MONTHS = {m: i for i, m in enumerate(["januar", "februar", "märz", "april", "mai", "juni", "juli", "august",
                                        "september", "oktober", "november", "dezember"], start=1)}
_DATE_DE = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d{2})\b")
_DATE_ISO = re.compile(r"\b((?:19|20)\d{2})-(\d{2})(?:-(\d{2}))?")
_DATE_WORDS = re.compile(r"\b(?:(\d{1,2})\.\s*)?(" + "|".join(_MONTHS) + r")\s+((?:19|20)\d{2})\b", re.I)
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
# Council paper numbers: 10.1/371/2021, 502/014/2009, Drs. 0698/2017, Mitteilung - 0925/2021
_PAPER_NUMBER = re.compile(r"\b\d{1,4}(?:\.\d{1,3})?/\d{1,4}/((?:19|20)\d{2})\b|\b\d{3,4}/((?:19|20)\d{2})\b")

DOCTYPES = {"beschlussvorlage": "Beschlussvorlage", "jahresbericht": "Jahresbericht",
            "abschlussbericht": "Abschlussbericht", "förderantrag": "Förderantrag", "foerderantrag": "Förderantrag",
            "präsentation": "Präsentation", "praesentation": "Präsentation", "newsletter": "Newsletter",
            "protokoll": "Protokoll", "konzept": "Konzept", "sachstandsbericht": "Sachstandsbericht",
            "evaluation": "Evaluation", "mitteilung": "Mitteilung", "geschäftliche mitteilung": "Mitteilung"}
_DOCTYPE_LABEL = re.compile(r"\b(?:Art|Vorlagenart|Dokumentart)\s*:?\s*\n?\s*(" + "|".join(DOCTYPES) + r")\b", re.I)
_DOCTYPE_WORD = re.compile(r"(" + "|".join(sorted(DOCTYPES, key=len, reverse=True)) + r")", re.I)

# Known programme names (regex on the text) -> the name the archive uses.
PROGRAMMES = [
    (r"\bBIWAQ\b", "BIWAQ (ESF/Bund)"),
    (r"Lokales Kapital für soziale Zwecke|\bLOS\b", "LOS (ESF/Bund)"),
    (r"STÄRKEN vor Ort", "STÄRKEN vor Ort"),
    (r"VIELFALT TUT GUT", "VIELFALT TUT GUT"),
    (r"Lernen vor Ort", "Lernen vor Ort"),
    (r"Mehrgenerationenh[aä]us", "Mehrgenerationenhaus"),
    (r"ELTERN ?TALK", "ELTERN TALK (Bayern)"),
    (r"Familienstützpunkt", "Familienstützpunkt (Bayern)"),
    (r"Demokratie leben", "Demokratie leben!"),
    (r"Integration durch Bürgerschaftliches Engagement", "Integration durch Bürgerschaftliches Engagement"),
    (r"Koordinierungszentrum Bürgerschaftliches Engagement", "Koordinierungszentrum Bürgerschaftliches Engagement"),
    (r"Ehrenamtskarte", "Ehrenamtskarte"),
    (r"Gesunde Kommune", "Gesunde Kommune"),
    (r"\b4 ?Job\b", "4 Job (Robert-Bosch-Stiftung)"),
    (r"Bildungsbüro", "Bildungsbüro (Städtisch)"),
]
_PROGRAMME_CASE_SENSITIVE = {"VIELFALT TUT GUT", "LOS (ESF/Bund)", "BIWAQ (ESF/Bund)", "STÄRKEN vor Ort"}

# Field of action (Handlungsfeld) -> word stems that speak for it.
FIELD_KEYWORDS = {
    "Jugend": ["jugend", "jugendliche", "juze", "schüler"],
    "Senioren": ["senior", "ältere", "pflege", "alter"],
    "Integration": ["integration", "migration", "zuwander", "geflüchtet", "asyl", "spätaussiedler", "sprachkurs"],
    "Familie": ["familie", "eltern", "kinderbetreuung", "alleinerziehend"],
    "Kultur": ["kultur", "museum", "theater", "musik"],
    "Ehrenamt": ["ehrenamt", "bürgerschaftliche", "engagement", "freiwillig"],
    "Vereine": ["verein"],
    "Europa": ["europa", "europäisch", "partnerstadt"],
    "Bildung": ["bildung", "lernen", "schule", "weiterbildung"],
    "Sozialraum": ["stadtteil", "quartier", "sozialraum", "nachbarschaft"],
    "Gesundheit": ["gesundheit", "prävention", "sport", "bewegung"],
    "Demokratie": ["demokratie", "beteiligung", "extremismus", "partizipation"],
}
MIN_FIELD_HITS = 3


def normalise_date(value: Any) -> str | None:
    """ISO ``yyyy-mm-dd`` (or ``yyyy`` when only the year is known) from the usual German and ISO forms."""
    text = str(value or "").strip()
    if not text:
        return None
    if text.startswith("D:"):
        text = text[2:]
    for pattern, order in ((_DATE_DE, "dmy"), (_DATE_ISO, "ymd")):
        match = pattern.search(text)
        if match:
            groups = dict(zip(order, match.groups()))
            if groups.get("d") is None:
                return groups["y"]
            try:
                return date(int(groups["y"]), int(groups["m"]), int(groups["d"])).isoformat()
            except ValueError:
                return groups["y"]
    match = re.match(r"^((?:19|20)\d{2})(\d{2})(\d{2})", text)
    if match:
        try:
            return date(*map(int, match.groups())).isoformat()
        except ValueError:
            return match.group(1)
    match = _DATE_WORDS.search(text)
    if match:
        day, month, year = match.groups()
        if day:
            try:
                return date(int(year), _MONTHS[month.lower()], int(day)).isoformat()
            except ValueError:
                pass
        return year
    match = _YEAR.search(text)
    return match.group(1) if match else None


def header_fields(text: str, lines: int = 40) -> dict[str, str]:
    head = "\n".join(text.splitlines()[:lines])
    found: dict[str, str] = {}
    for label, value in _HEADER.findall(head):
        found.setdefault(_HEADER_KEYS[label.lower()], value)
    return found


def _programme_from_text(text: str) -> str | None:
    counts: Counter = Counter()
    first: dict[str, int] = {}
    for pattern, name in PROGRAMMES:
        flags = 0 if name in _PROGRAMME_CASE_SENSITIVE else re.I
        for match in re.finditer(pattern, text, flags):
            counts[name] += 1
            first.setdefault(name, match.start())
    if not counts:
        return None
    return min(counts, key=lambda name: (-counts[name], first[name]))


def _field_from_text(text: str) -> str | None:
    words = re.findall(r"\w+", text.lower())
    counts = Counter({name: sum(1 for w in words if any(w.startswith(s) for s in stems))
                      for name, stems in FIELD_KEYWORDS.items()})
    name, hits = counts.most_common(1)[0] if counts else (None, 0)
    return name if hits >= MIN_FIELD_HITS else None


def _date_from_text(text: str) -> str | None:
    head = text[:1500]
    match = _PAPER_NUMBER.search(text[:800])
    if match:
        return match.group(1) or match.group(2)
    for pattern in (_DATE_DE, _DATE_WORDS):
        match = pattern.search(head)
        if match:
            return normalise_date(match.group(0))
    years = [int(y) for y in _YEAR.findall(text) if int(y) <= date.today().year]
    return str(max(years)) if years else None


def _doctype_from_text(text: str) -> str | None:
    match = _DOCTYPE_LABEL.search(text[:1500]) or _DOCTYPE_WORD.search(text[:300])
    return DOCTYPES.get(match.group(1).lower()) if match else None


def archive_metadata(text: str, format_meta: dict[str, str], file_name: str, fmt: str) -> dict[str, Any]:
    """The normalised archive keys for one document (see module docstring for the precedence)."""
    meta: dict[str, Any] = {"format": fmt}
    source: dict[str, str] = {}

    def put(key: str, value: Any, origin: str) -> None:
        if key == "date":
            value = normalise_date(value)
        elif key == "doctype" and value:
            value = DOCTYPES.get(str(value).strip().lower(), str(value).strip())
        elif isinstance(value, str):
            value = " ".join(value.split())
        if value and key not in meta:
            meta[key] = value
            source[key] = origin

    for key, value in header_fields(text).items():
        put(key, value, "header")
    for key in ("date", "programme", "field_of_action", "doctype"):
        put(key, format_meta.get(key), "format")
    name = _FILE_NAME.match(file_name.lower())
    if name:
        put("date", "-".join(name.groups()[:3]), "filename")
        if name.group(4) in DOCTYPES:
            put("doctype", name.group(4), "filename")
    put("date", _date_from_text(text), "text")
    put("programme", _programme_from_text(text), "text")
    put("doctype", _doctype_from_text(text), "text")
    put("field_of_action", _field_from_text(text), "text")
    if meta.get("date"):
        meta["year"] = int(str(meta["date"])[:4])
    meta["metadata_source"] = source
    return meta
