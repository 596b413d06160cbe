"""Running a chat search against the ranking: the query sent, the entries left out, the tail of
unrelated neighbours cut, soft preferences applied, and whether the best hit is too weak to show
(then the dialogue asks instead of guessing). Knows nothing of HTTP or sessions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Protocol, Sequence

from . import lexicon as lx
from .chat_state import Search
from .filters import Filters
from .folding import fold, stem
from .phrasing import SCHEMA_CATEGORY_LABELS

_HINT_QUERY = {"senior": "Senioren Ruhestand", "child": "Kinder", "family": "Familien",
               "young": "Jugendliche junge Erwachsene"}
# The same life stages as the entries' target groups, for the ranking's soft hints.
_HINT_GROUPS = {"senior": "Senioren", "child": "Kinder", "family": "Familien", "young": "Jugendliche"}
_OUTDOOR_WORDS = ("natur", "garten", "wander", "draussen", "freien", "frische luft", "outdoor", "spazier", "wald",
                  "tier", "hund", "umwelt", "fels", "rasenplatz", "muell")
_INDOOR_WORDS = ("halle", "raum", "saal", "drinnen", "treff", "cafe", "werkstatt", "buehne")


class Hit(Protocol):
    """A ranked entry (:class:`assistant.ranking.Match`); an optional ``reason`` with ``highlights``
    (the ranking's marked words) counts as evidence that it fits."""

    id: str
    url: str
    title: str
    kind: str
    score: float
    metadata: Mapping[str, Any]

    def public(self) -> dict[str, Any]: ...


class Retriever(Protocol):
    """:class:`assistant.ranking.Matcher` in the service, a fake in tests."""

    def match(self, query: str, limit: int = 10, filters: Filters | None = None,
              exclude_ids: Iterable[str] = (), *, groups: Iterable[str] = (),
              volunteering: bool = False) -> Sequence[Hit]: ...


@dataclass(frozen=True)
class DialogueConfig:
    results_per_turn: int = 3
    # The best hit counts as weak when it shares no word with the wish and scores below this
    # (measured on the sample corpus: unrelated German wishes score up to 3.1, fitting entries that
    # share no word with the wish 4.8 and more) …
    weak_score: float = 4.0
    # … or, for wishes in other languages (no shared words possible), below this. Off: on the sample
    # corpus fitting and unrelated hits of such wishes score alike (1.6–2.9), so only the ranking's own
    # relevance cut applies.
    weak_score_crosslingual: float = 0.0
    easy_default: bool = False  # Leichte Sprache unless the person asks otherwise
    history: int = 10  # steps "zurück" can undo
    max_topic_chars: int = 300


def stems_of(text: str) -> list[str]:
    return [stem(w) for w in text.split() if len(w) >= 3]


def entry_text(meta: Mapping[str, Any], title: str) -> str:
    """The words that say what an entry is about: title, category, tags, summary (folded)."""
    tags = meta.get("tags") if isinstance(meta.get("tags"), list) else []
    return fold(" ".join([title, str(meta.get("category") or ""), " ".join(map(str, tags)),
                          str(meta.get("summary") or "")]))


def query_text(s: Search) -> str:
    """What is sent to the ranking: the interest (or a general wish to get involved) and preferences."""
    words = [s.query or s.topic] if s.topic else ["Ehrenamt mitmachen engagieren"] + [
        _HINT_QUERY[h] for h in s.hints if h in _HINT_QUERY]
    words += [lx.PREFERENCES[p][1] for p in s.preferences if p in lx.PREFERENCES]
    return " ".join(words)


def run_search(retriever: Retriever, s: Search, config: DialogueConfig, exclude: Iterable[str] = (),
               more: bool = False) -> list[Hit]:
    """Hits for a search, best first. Filters and shown or rejected ids go to the ranking; what the
    person left out, unrelated neighbours and preferences ("draußen" first) are applied here."""
    excluded_ids = list(dict.fromkeys([*exclude, *s.rejected]))
    # What the person said besides the interest: who it is for ("my son ...", rules out clubs only for
    # adults) and that they want to volunteer (the interest alone, "Sport", reads as a wish to take part).
    context: dict[str, Any] = {}
    if s.topic and s.hints:
        context["groups"] = [_HINT_GROUPS[h] for h in s.hints if h in _HINT_GROUPS]
    if s.engagement:
        context["volunteering"] = True
    hits = list(retriever.match(query_text(s), limit=config.results_per_turn * 4, filters=s.filters,
                                exclude_ids=excluded_ids, **context))
    hits = [h for h in hits if h.id not in excluded_ids and not left_out(h, s.excluded)]
    if s.topic and s.topic_lang in (None, "de") and hits:
        # A German wish shares words with what fits it: after the first, an entry sharing none must score
        # as high as a synonym would, or it is an unrelated neighbour ("Fasching" for "Fußball").
        stems = stems_of(s.topic)
        keep = 0 if more else 1  # a new search's best hit is judged by is_weak (the dialogue may ask)
        hits = hits[:keep] + [h for h in hits[keep:] if float(h.score) >= config.weak_score or shares_words(h, stems)]
    if s.filters.districts and hits:
        # Entries in the district asked for before city-wide ones, unless they fit much less well.
        strong = 0.5 * max(float(h.score) for h in hits)
        hits.sort(key=lambda h: float(h.score) < strong or str((h.metadata or {}).get("district") or "")
                  .strip().casefold() not in s.filters.districts)  # (Filters keep values casefolded)
    if "draußen" in s.preferences or "drinnen" in s.preferences:
        words = _OUTDOOR_WORDS if "draußen" in s.preferences else _INDOOR_WORDS
        # Stable: entries that fit the preference first, each group in the ranking's order.
        hits.sort(key=lambda h: not any(w in entry_text(h.metadata or {}, h.title) for w in words))
    return hits


# Words in many titles that say nothing about what an entry is about.
_GENERIC_TITLE_WORDS = frozenset("verein vereine kaufbeuren gruppe club projekt ehrenamt team abteilung kreis stadt "
                                 "treff haus helfer helferin freunde gemeinschaft initiative".split())


def shares_words(hit: Hit, stems: list[str]) -> bool:
    """Evidence that an entry is about the wish: a word of the wish in its title, tags, category or
    summary, a word of its title or tags inside a compound of the wish ("Jugendfußballtraining"), or
    words the ranking marked in its reason (which repairs typos and splits compounds)."""
    meta = hit.metadata or {}
    text = entry_text(meta, hit.title)
    if any(st in text for st in stems):
        return True
    tags = meta.get("tags") if isinstance(meta.get("tags"), list) else []
    words = {stem(w) for w in re.findall(r"\w+", " ".join([hit.title, str(meta.get("category") or ""), *map(str, tags)]))}
    if any(len(w) >= 4 and w not in _GENERIC_TITLE_WORDS and w in st for w in words for st in stems):
        return True
    reason = getattr(hit, "reason", None)
    return bool(getattr(reason, "highlights", None))


def left_out(hit: Hit, excluded: tuple[str, ...]) -> bool:
    """The entry is of a category, district or topic the person does not want ("nicht Sport")."""
    if not excluded:
        return False
    meta = hit.metadata or {}
    category, district = fold(str(meta.get("category") or "")), fold(str(meta.get("district") or ""))
    text = entry_text(meta, hit.title)
    for term in (fold(e) for e in excluded):
        label = fold(SCHEMA_CATEGORY_LABELS.get(term, ""))
        if term in (category, district) or (label and label == category) or stem(term) in text:
            return True
    return False


def is_weak(top: Hit, s: Search, config: DialogueConfig) -> bool:
    """No word of the wish in the best entry's title, tags, category or summary, and a low score."""
    if shares_words(top, stems_of(s.topic)):
        return False
    german = s.topic_lang in (None, "de")
    return float(top.score) < (config.weak_score if german else config.weak_score_crosslingual)
