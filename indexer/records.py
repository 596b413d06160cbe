"""The text of a record that brings fields instead of a ``text``: the entries' own schema
(corpus/SCHEMA.md: ``summary``, ``description``, ``times``, ``languages``, ``offers``, ``tasks`` ...).

Why: a city's record export in that schema should index as well as the pages rendered from it. The text
is laid out like such a page – the prose, then a fact sheet of "Label: value" lines, then the lists – so
the chunker, the lexical index and the reasons read it the same way. Pure functions.
"""

from __future__ import annotations

from typing import Any, Mapping

PROSE = ("summary", "description")
FACTS = (("category", "Kategorie"), ("district", "Stadtteil"), ("address", "Adresse"),
         ("target_groups", "Zielgruppen"), ("times", "Zeiten"), ("weekdays", "Wochentage"),
         ("time_of_day", "Tageszeit"), ("frequency", "Turnus"), ("accessibility", "Barrierefreiheit"),
         ("languages", "Sprachen"), ("fee", "Kosten"), ("role", "Rolle"), ("organisation", "Organisation"),
         ("time_needed", "Zeitaufwand"), ("training", "Begleitung"), ("start", "Beginn"),
         ("programme", "Programm"), ("years", "Laufzeit"), ("status", "Status"), ("how_to_join", "Mitmachen"))
LISTS = (("offers", "Angebote"), ("tasks", "Aufgaben"), ("requirements", "Voraussetzungen"), ("goals", "Ziele"),
         ("partners", "Partner"))


def _value(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v).strip() for v in value if str(v).strip())
    if isinstance(value, bool):
        return "ja" if value else "nein"
    text = " ".join(str(value or "").split())
    return text.capitalize() if text.isascii() and text.islower() and " " not in text else text  # "sport"


def _age(record: Mapping[str, Any]) -> str:
    low, high = record.get("age_min"), record.get("age_max")
    if isinstance(low, int) and isinstance(high, int):
        return f"{low}–{high} Jahre"
    if isinstance(low, int):
        return f"ab {low} Jahren"
    return f"bis {high} Jahre" if isinstance(high, int) else ""


def record_text(record: Mapping[str, Any]) -> str:
    """Prose, fact sheet and lists of a record; empty when it has none of the schema's fields."""
    blocks = [str(record[k]).strip() for k in PROSE if isinstance(record.get(k), str) and record[k].strip()]
    facts = []
    for key, label in FACTS:
        if _value(record.get(key)):
            facts.append(f"{label}: {_value(record.get(key))}")
        if key == "target_groups" and _age(record):
            facts.append(f"Alter: {_age(record)}")
    if isinstance(record.get("barrier_free"), bool):
        facts.append(f"Barrierefrei: {_value(record['barrier_free'])}")
    if facts:
        blocks += ["Auf einen Blick", "\n".join(facts)]
    for key, label in LISTS:
        items = [str(v).strip() for v in record.get(key) or [] if str(v).strip()] \
            if isinstance(record.get(key), list) else []
        if items:
            blocks += [label, "\n".join(items)]
    tags = _value(record.get("tags")) if isinstance(record.get("tags"), list) else ""
    if tags:
        blocks.append(f"Schlagworte: {tags}")
    return "\n\n".join(blocks)
