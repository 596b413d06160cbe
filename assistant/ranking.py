"""Ranking: a wish in free text to the best-fitting documents, best first. Knows nothing of HTTP."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np

from indexer.embedders import Embedder
from indexer.store import LoadedIndex

# What citizens are matched against; archive documents are for staff search.
CITIZEN_KINDS = frozenset({"club", "opportunity", "project", "page"})
SNIPPET_CHARS = 280


@dataclass
class Match:
    id: str
    url: str
    title: str
    kind: str
    score: float
    snippet: str
    metadata: dict[str, Any] = field(default_factory=dict)
    passage: int = -1  # row of the best passage

    def public(self) -> dict[str, Any]:
        return {"id": self.id, "url": self.url, "title": self.title, "kind": self.kind,
                "score": round(self.score, 4), "snippet": self.snippet}


def snippet_of(passage_text: str, title: str, limit: int = SNIPPET_CHARS) -> str:
    """The passage without its title line, cut at a word boundary."""
    body = passage_text
    if title and body.startswith(title):
        body = body[len(title):]
    body = " ".join(body.split())
    if len(body) <= limit:
        return body
    cut = body.rfind(" ", 0, limit)
    return body[: cut if cut > limit // 2 else limit].rstrip(" ,;:-–") + " …"


class Matcher:
    def __init__(self, index: LoadedIndex, embedder: Embedder) -> None:
        self.index = index
        self.embedder = embedder

    def match(self, query: str, limit: int = 10, kinds: Iterable[str] | None = CITIZEN_KINDS) -> list[Match]:
        """Documents ranked by their best passage's cosine similarity to the query."""
        index = self.index
        if index.vectors.ntotal == 0 or limit <= 0:
            return []
        allowed = frozenset(kinds) if kinds is not None else None
        qvec = self.embedder.embed_queries([query])
        # Enough passages that ``limit`` distinct documents of the allowed kinds survive aggregation.
        k = min(index.vectors.ntotal, max(200, limit * 20))
        scores, rows = index.search(qvec, k)
        best: dict[int, tuple[float, int]] = {}
        for score, row in zip(scores[0], rows[0]):
            if row < 0:
                continue
            doc_row = int(index.passage_doc[row])
            if doc_row not in best:  # results come sorted: the first passage of a document is its best
                if allowed is not None and index.documents[doc_row].kind not in allowed:
                    continue
                best[doc_row] = (float(score), int(row))
        ranked = sorted(best.items(), key=lambda item: -item[1][0])[:limit]
        matches = []
        for doc_row, (score, row) in ranked:
            doc = index.documents[doc_row]
            matches.append(Match(doc.id, doc.url, doc.title, doc.kind, score,
                                 snippet_of(index.passages[row].text, doc.title), doc.metadata, row))
        return matches


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b) or 1.0))
