"""Running a chat search against the ranking: the query sent, the entries left out, the tail of
unrelated neighbours cut, soft preferences applied, and whether the best hit is too weak to show
(then the dialogue asks instead of guessing). Knows nothing of HTTP or sessions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Protocol, Sequence

from . import lexicon as lx
from .chat_state import Search
from .filters import Filters
from .folding import fold, stem
from .phrasing import SCHEMA_CATEGORY_LABELS

_HINT_QUERY = {"senior": "Senioren Ruhestand", "child": "Kinder", "family": "Familien",
               "young": "Jugendliche junge Erwachsene"}
_OUTDOOR_WORDS = ("natur", "garten", "wander", "draussen", "freien", "frische luft", "outdoor", "spazier", "wald",
                  "tier", "hund", "umwelt", "fels", "rasenplatz", "muell")
_INDOOR_WORDS = ("halle", "raum", "saal", "drinnen", "treff", "cafe", "werkstatt", "buehne")


class Hit(Protocol):
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
              exclude_ids: Iterable[str] = ()) -> Sequence[Hit]: ...


@dataclass(frozen=True)
class DialogueConfig:
    results_per_turn: int = 3
    # The best hit counts as weak when it shares no word with the wish and scores below this
    # (measured on the sample corpus: unrelated German wishes score 2–4, synonyms 5 and more) …
    weak_score: float = 5.0
    # … or, for wishes in other languages (no shared words possible), below this.
    weak_score_crosslingual: float = 2.0
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
    words = [s.topic] if s.topic else ["Ehrenamt mitmachen engagieren"] + [_HINT_QUERY[h] for h in s.hints
                                                                            if h in _HINT_QUERY]
    words += [lx.PREFERENCES[p][1] for p in s.preferences if p in lx.PREFERENCES]
    return " ".join(words)


def run_search(retriever: Retriever, s: Search, config: DialogueConfig, exclude: Iterable[str] = (),
               more: bool = False) -> list[Hit]:
    """Hits for a search, best first. Filters and shown or rejected ids go to the ranking; what the
    person left out, unrelated neighbours and preferences ("draußen" first) are applied here."""
    excluded_ids = list(dict.fromkeys([*exclude, *s.rejected]))
    hits = list(retriever.match(query_text(s), limit=config.results_per_turn * 4, filters=s.filters,
                                exclude_ids=excluded_ids))
    hits = [h for h in hits if h.id not in excluded_ids and not left_out(h, s.excluded)]
    if s.topic and s.topic_lang in (None, "de") and hits:
        # A German wish shares words with what fits it: after the first, an entry sharing none must score
        # as high as a synonym would, or it is an unrelated neighbour ("Fasching" for "Fußball").
        stems = stems_of(s.topic)
        keep = 0 if more else 1  # a new search's best hit is judged by is_weak (the dialogue may ask)
        hits = hits[:keep] + [h for h in hits[keep:] if float(h.score) >= config.weak_score
                              or any(st in entry_text(h.metadata or {}, h.title) for st in stems)]
    if "draußen" in s.preferences or "drinnen" in s.preferences:
        words = _OUTDOOR_WORDS if "draußen" in s.preferences else _INDOOR_WORDS
        # Stable: entries that fit the preference first, each group in the ranking's order.
        hits.sort(key=lambda h: not any(w in entry_text(h.metadata or {}, h.title) for w in words))
    return hits


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
    text = entry_text(top.metadata or {}, top.title)
    if any(st in text for st in stems_of(s.topic)):
        return False
    german = s.topic_lang in (None, "de")
    return float(top.score) < (config.weak_score if german else config.weak_score_crosslingual)
