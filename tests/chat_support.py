"""Test doubles for the chat: a deterministic word-overlap retriever over ``tests/data/chat_entries.jsonl``
and helpers that check a reply names only indexed entries and copies contacts from the index."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from assistant import lexicon
from assistant.filters import Filters
from assistant.folding import fold, stem

CHAT_ENTRIES = Path(__file__).resolve().parent / "data" / "chat_entries.jsonl"
# A few English words, so English conversations work with the fake as they do with the multilingual model.
TRANSLATIONS = {"football": "fussball", "soccer": "fussball", "choir": "chor", "singing": "singen", "dogs": "hunde",
                "dog": "hunde", "swimming": "schwimmen", "chess": "schach", "garden": "garten", "gardening": "garten",
                "reading": "lesen", "refugees": "gefluechtete", "climbing": "klettern", "theatre": "theater",
                "computer": "computer", "animals": "tiere", "food": "lebensmittel", "bikes": "fahrrad",
                "bicycles": "fahrrad", "repair": "reparieren", "repairing": "reparieren", "dancing": "tanzen",
                "music": "musik", "nature": "natur", "older": "senioren", "children": "kinder", "kids": "kinder"}
STOP = lexicon.STOPWORDS | lexicon.GENERIC  # function words and general wishes carry no topic


def load_entries() -> list[dict[str, Any]]:
    return [json.loads(line) for line in CHAT_ENTRIES.read_text("utf-8").splitlines() if line.strip()]


@dataclass
class FakeHit:
    id: str
    url: str
    title: str
    kind: str
    score: float
    snippet: str
    metadata: dict[str, Any] = field(default_factory=dict)

    def public(self) -> dict[str, Any]:
        return {"id": self.id, "url": self.url, "title": self.title, "kind": self.kind,
                "score": round(self.score, 4), "snippet": self.snippet,
                "reason": {"text": self.snippet, "highlights": []}, "district": self.metadata.get("district"),
                "category": self.metadata.get("category"), "contact": dict(self.metadata.get("contact") or {}),
                "metadata": {}}


class FakeRetriever:
    """Scores entries by shared word stems (title, tags and category count double); records calls."""

    def __init__(self, entries: list[dict[str, Any]] | None = None) -> None:
        self.entries = entries if entries is not None else load_entries()
        self.calls: list[dict[str, Any]] = []

    @staticmethod
    def _stems(text: str) -> list[str]:
        words = [TRANSLATIONS.get(w, w) for w in re.findall(r"\w+", fold(text))]
        return [stem(w) for w in words if len(w) >= 3 and w not in STOP]

    def match(self, query: str, limit: int = 10, filters: Filters | None = None,
              exclude_ids: Iterable[str] = (), *, groups: Iterable[str] = (),
              volunteering: bool = False) -> list[FakeHit]:
        exclude = set(exclude_ids)
        self.calls.append({"query": query, "limit": limit, "filters": filters, "exclude_ids": exclude,
                           "groups": set(groups), "volunteering": volunteering})
        stems = self._stems(query)
        hits = []
        for e in self.entries:
            if e["id"] in exclude or (filters is not None and not filters.accepts(e["kind"], e)):
                continue
            strong = fold(" ".join([e["title"], e.get("category", ""), " ".join(e.get("tags", []))]))
            weak = fold(e.get("text", ""))
            # A query of general words only ("Ehrenamt mitmachen") fits everything a little.
            score = sum(2.0 if s in strong else 1.0 if s in weak else 0.0 for s in stems) if stems else 0.2
            if score > 0:
                meta = {k: v for k, v in e.items() if k not in ("id", "url", "title", "kind", "text")}
                hits.append(FakeHit(e["id"], e["url"], e["title"], e["kind"], score * 5 / max(1, len(stems)),
                                    e["summary"], meta))
        hits.sort(key=lambda h: (-h.score, h.id))
        return hits[:limit]


# ---------------------------------------------------------------------------- grounding checks

_QUOTED = re.compile(r"„([^“]+)“|“([^”]+)”")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\b0\d{2,4} \d{3,5} \d{2,4}\b")
_URL = re.compile(r"https?://\S+")


def assert_grounded(text: str, entries: list[dict[str, Any]]) -> None:
    """Every quoted name is an indexed title; every e-mail, phone number and link is the index's."""
    titles = {e["title"] for e in entries}
    facts = set()
    for e in entries:
        contact = e.get("contact") or {}
        facts |= {str(v) for v in contact.values()} | {e["url"]}
    for m in _QUOTED.finditer(text):
        name = m.group(1) or m.group(2)
        assert name in titles, f"reply names {name!r}, which is not in the index:\n{text}"
    for pattern in (_EMAIL, _PHONE, _URL):
        for found in pattern.findall(text):
            assert found.rstrip(".,)") in facts, f"reply contains {found!r}, which is not in the index:\n{text}"


class Conversation:
    """Plays a conversation turn by turn; every reply is checked: it names only indexed entries, copies
    contacts from the index, its results are indexed entries and it offers 3–6 suggestions."""

    def __init__(self, dialogue: Any, entries: list[dict[str, Any]] | None = None) -> None:
        from assistant.dialogue import ChatState

        self.dialogue = dialogue
        self.entries = entries if entries is not None else load_entries()
        self.by_id = {e["id"]: e for e in self.entries}
        self.state = ChatState()
        self.replies: list[Any] = []

    def say(self, message: str, **options: Any) -> Any:
        self.state, reply = self.dialogue.turn(self.state, message, **options)
        assert_grounded(reply.text, self.entries)
        assert 3 <= len(reply.suggestions) <= 6, reply.suggestions
        for result in reply.results:
            assert self.by_id[result["id"]]["title"] == result["title"]
        self.replies.append(reply)
        return reply

    @staticmethod
    def ids(reply: Any) -> list[str]:
        return [r["id"] for r in reply.results]
