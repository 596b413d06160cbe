"""schema.org objects (JSON-LD or microdata) to the normalised metadata the assistant filters on.

Normalised keys (all optional): ``category``, ``district``, ``target_groups`` [str], ``age_min``,
``age_max`` (int), ``times``, ``weekdays`` [str], ``time_of_day`` [str], ``frequency``
(regelmäßig/einmalig/saisonal), ``barrier_free`` (bool), ``accessibility``, ``languages`` [str],
``fee``, ``tags`` [str], ``description``, ``address``, ``contact`` {name, role, email, phone, website},
and kind-specific ``role``, ``organisation``, ``time_needed``, ``programme``, ``years``, ``status``,
``field_of_action``.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

# schema.org types -> kind of entry
_CLUB_TYPES = {"sportsclub", "sportsorganization", "sportsteam", "ngo", "organization", "club",
               "localbusiness", "musicgroup", "performinggroup", "theatergroup", "dancegroup",
               "religiousorganization", "church", "mosque", "placeofworship", "civicstructure",
               "volunteerorganization", "nonprofitorganization"}
_OPPORTUNITY_TYPES = {"volunteeraction", "volunteeropportunity"}
_PROJECT_TYPES = {"project", "researchproject", "fundingscheme", "governmentservice"}

# German property names used by municipal portals (additionalProperty) -> normalised key
_PROPERTY_KEYS = {
    "kategorie": "category", "rubrik": "category",
    "stadtteil": "district", "ort": "district", "ortsteil": "district",
    "zielgruppen": "target_groups", "zielgruppe": "target_groups",
    "alter": "age", "altersgruppe": "age",
    "zeiten": "times", "termine": "times", "zeit": "times",
    "wochentage": "weekdays", "tageszeit": "time_of_day",
    "turnus": "frequency", "häufigkeit": "frequency",
    "barrierefrei": "barrier_free", "barrierefreiheit": "accessibility", "zugang": "accessibility",
    "sprachen": "languages", "sprache": "languages",
    "kosten": "fee", "beitrag": "fee",
    "rolle": "role", "aufgabe": "role",
    "organisation": "organisation", "träger": "organisation",
    "zeitaufwand": "time_needed",
    "förderprogramm": "programme", "programm": "programme",
    "laufzeit": "years", "status": "status", "handlungsfeld": "field_of_action",
}
_LIST_KEYS = {"target_groups", "weekdays", "time_of_day", "languages", "tags"}
_SPLIT = re.compile(r"\s*(?:,|;|\bund\b|/|\|)\s*")
_AGE = re.compile(r"(\d{1,3})\s*(?:[-–—]|bis)\s*(\d{1,3})|(?:ab|über|from)\s*(\d{1,3})|(?:bis|unter)\s*(\d{1,3})")


def _types(obj: dict[str, Any]) -> list[str]:
    raw = obj.get("@type") or []
    raw = raw if isinstance(raw, list) else [raw]
    return [str(t).rsplit("/", 1)[-1].lower() for t in raw]


def kind_from_schema_type(obj: dict[str, Any] | None) -> str | None:
    if not obj:
        return None
    types = _types(obj)
    if any(t in _OPPORTUNITY_TYPES for t in types):
        return "opportunity"
    if "jobposting" in types:
        employment = obj.get("employmentType") or ""
        employment = " ".join(employment) if isinstance(employment, list) else str(employment)
        return "opportunity" if "volunteer" in employment.lower() else None
    if any(t in _PROJECT_TYPES for t in types):
        return "project"
    if any(t in _CLUB_TYPES for t in types):
        return "club"
    return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("value") or value.get("@value") or "")
    if isinstance(value, list):
        return ", ".join(t for t in (_text(v) for v in value) if t)
    return str(value).strip()


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list):
        items = [_text(v) for v in value]
    else:
        items = _SPLIT.split(_text(value)) if _text(value) else []
    return [i for i in (s.strip() for s in items) if i]


def parse_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text.startswith(("ja", "yes", "true", "1", "barrierefrei", "vorhanden")):
        return True
    if text.startswith(("nein", "no", "false", "0", "nicht", "eingeschränkt")):
        return False
    return None


def parse_age(value: Any) -> tuple[int | None, int | None]:
    match = _AGE.search(_text(value))
    if not match:
        return None, None
    lo, hi, only_min, only_max = match.groups()
    if lo and hi:
        return int(lo), int(hi)
    if only_min:
        return int(only_min), None
    return None, int(only_max)


def _set(meta: dict[str, Any], key: str, value: Any) -> None:
    if key in _LIST_KEYS:
        items = _as_list(value)
        if items:
            existing = meta.setdefault(key, [])
            existing.extend(i for i in items if i not in existing)
        return
    if key == "barrier_free":
        parsed = parse_bool(value)
        if parsed is not None:
            meta[key] = parsed
        return
    if key == "age":
        lo, hi = parse_age(value)
        if lo is not None:
            meta.setdefault("age_min", lo)
        if hi is not None:
            meta.setdefault("age_max", hi)
        return
    text = _text(value)
    if text and key not in meta:
        meta[key] = text


def _contact(obj: dict[str, Any]) -> dict[str, str]:
    contact: dict[str, str] = {}
    points = obj.get("contactPoint") or []
    points = points if isinstance(points, list) else [points]
    for point in [obj] + [p for p in points if isinstance(p, dict)]:
        for src, dst in (("email", "email"), ("telephone", "phone"), ("contactType", "role")):
            if point.get(src) and dst not in contact:
                contact[dst] = _text(point[src]).removeprefix("mailto:").removeprefix("tel:")
        if point is not obj and point.get("name") and "name" not in contact:
            contact["name"] = _text(point["name"])
    for key in ("sameAs", "url"):
        value = obj.get(key)
        if isinstance(value, str) and value.startswith("http") and "website" not in contact and key == "sameAs":
            contact["website"] = value
    return contact


def normalise_schema_org(objects: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Merge schema.org objects (the page's entry first) into one flat metadata dict."""
    meta: dict[str, Any] = {}
    for obj in objects:
        if not isinstance(obj, dict):
            continue
        for prop in obj.get("additionalProperty") or []:
            if isinstance(prop, dict):
                key = _PROPERTY_KEYS.get(_text(prop.get("name")).lower())
                if key:
                    _set(meta, key, prop.get("value"))
        audience = obj.get("audience")
        if isinstance(audience, dict):
            _set(meta, "target_groups", audience.get("audienceType"))
            if audience.get("suggestedMinAge") not in (None, ""):
                meta.setdefault("age_min", _int(audience["suggestedMinAge"]))
            if audience.get("suggestedMaxAge") not in (None, ""):
                meta.setdefault("age_max", _int(audience["suggestedMaxAge"]))
        if obj.get("knowsLanguage"):
            _set(meta, "languages", obj["knowsLanguage"])
        if obj.get("keywords"):
            _set(meta, "tags", obj["keywords"])
        if obj.get("description"):
            _set(meta, "description", obj["description"])
        address = obj.get("address")
        if address is None and isinstance(obj.get("location"), dict):
            address = obj["location"].get("address")
        if isinstance(address, dict):
            parts = [address.get("streetAddress"), " ".join(
                str(p) for p in (address.get("postalCode"), address.get("addressLocality")) if p)]
            _set(meta, "address", ", ".join(str(p) for p in parts if p))
        elif isinstance(address, str):
            _set(meta, "address", address)
        if obj.get("areaServed"):
            _set(meta, "district", obj["areaServed"])
        if obj.get("isAccessibleForFree") is True:
            meta.setdefault("fee", "kostenlos")
        contact = _contact(obj)
        if contact:
            existing = meta.setdefault("contact", {})
            for key, value in contact.items():
                existing.setdefault(key, value)
    for key in ("age_min", "age_max"):
        if key in meta and meta[key] is None:
            del meta[key]
    return meta


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return None
