"""The state of one chat conversation and the reply to one turn: plain, immutable values.

The session store keeps a :class:`ChatState` per conversation; :class:`assistant.dialogue.Dialogue`
turns a state and a message into the next state and a :class:`Reply`. The state holds what the person
wants (their interest in their own words, with personal data cut out, and constraints) and facts about
entries shown, copied from the index; never names, addresses or IP addresses of the person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from .filters import REQUEST_FIELDS, Filters

# Metadata kept for an entry shown (contact details, reasons): index facts, never personal data.
SHOWN_METADATA = ("contact", "address", "times", "time_needed", "fee", "how_to_join", "accessibility", "district",
                  "category", "tags", "weekdays", "time_of_day", "frequency", "barrier_free", "languages",
                  "age_min", "age_max", "organisation", "summary")


@dataclass(frozen=True)
class Shown:
    """An entry shown to the person, as the index had it."""

    id: str
    title: str
    url: str
    kind: str
    metadata: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Search:
    """What the person wants, gathered over the turns."""

    topic: str = ""  # content words of the interest (shown, compared with entries)
    query: str = ""  # the interest as the person put it, constraint phrases removed (sent to the ranking)
    topic_lang: str | None = None  # language the interest was written in (None: could not tell)
    filters: Filters = field(default_factory=Filters)
    excluded: tuple[str, ...] = ()
    preferences: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()
    engagement: bool = False
    near_me: bool = False
    shown: tuple[str, ...] = ()  # ids shown for this search (for "mehr davon")
    rejected: tuple[str, ...] = ()
    last: tuple[Shown, ...] = ()  # the list shown last, in order (for "das zweite")
    asked: str | None = None  # the question waiting for an answer
    questions: tuple[str, ...] = ()  # questions asked for this search (never the same twice)


@dataclass(frozen=True)
class ChatState:
    search: Search = field(default_factory=Search)
    history: tuple[Search, ...] = ()
    view: str = "start"  # start | question | which | list | detail | info
    detail: Shown | None = None
    lang: str = "de"
    lang_locked: bool = False  # the person asked for a reply language
    other_lang: str | None = None  # they write in a language we answer in simple German
    easy: bool | None = None  # None: the configured default


@dataclass
class Reply:
    text: str
    results: list[dict[str, Any]]
    suggestions: list[str]
    asked: str | None
    filters: dict[str, Any]
    topic: str
    lang: str
    easy: bool


@dataclass
class HandFilters:
    """Constraints set by hand on the page: fields in ``names`` replace the understood ones
    (an empty value clears them)."""

    filters: Filters
    names: frozenset[str]


def filters_for_client(filters: Filters) -> dict[str, Any]:
    """Filters in the request vocabulary of /api/match and /api/chat, with canonical spellings."""
    out: dict[str, Any] = {}
    for name, (attr, vocabulary) in REQUEST_FIELDS.items():
        value = getattr(filters, attr)
        if value in (None, frozenset()):
            continue
        canonical = {str(v).casefold(): v for v in (vocabulary or {}).values()}
        if isinstance(value, frozenset):
            out[name] = sorted(canonical.get(v, v) for v in value)
        else:
            out[name] = canonical.get(str(value), value) if vocabulary else value
    return out
