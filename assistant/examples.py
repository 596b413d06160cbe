"""The example-wish channel: the wishes nearest to a new wish vote for the entries they were matched to.

An index may keep example wishes (:mod:`indexer.examples`: "Ich bastle gern an kaputten Geräten" →
Repair Café 2). Each is embedded like a query; for a new wish the ``neighbours`` most similar example
wishes vote, each with a softmax weight of its cosine (``temperature``) times the grade it gave an
entry (2 → 1.0, 1 → 0.5). Why: a wish and a wish meet in the model's space more reliably than a wish and
an entry's text (measured in the README: largest gains on cross-lingual and constraint wishes).

An entry no example names gets no votes, as does one whose examples are far from the wish, so the
channel only ever adds evidence for entries that similar wishes found; ranking z-scores it like the
others. Example vectors are cached in ``<index>/cache/examples.sqlite`` (``kba index`` fills it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import numpy as np

from indexer.embedders import Embedder
from indexer.store import Document

from .keywords import keyword_vectors

CACHE_FILE = Path("cache") / "examples.sqlite"


def _rows_by_key(documents: Sequence[Document]) -> dict[str, int]:
    rows: dict[str, int] = {}
    for row, doc in enumerate(documents):
        rows.setdefault(doc.id, row)
        if doc.url:
            rows.setdefault(doc.url, row)
    return rows


class ExampleChannel:
    """Per document: the similarity-weighted votes of the example wishes nearest to the query."""

    def __init__(self, documents: Sequence[Document], wishes: Sequence[dict[str, Any]], embedder: Embedder,
                 cache_path: Path | None) -> None:
        rows = _rows_by_key(documents)
        texts: list[str] = []
        pairs: list[tuple[int, int, float]] = []  # (example, document row, vote)
        unknown: set[str] = set()
        for wish in wishes:
            named = {}  # an entry named by id and by URL counts once, with its best grade
            for key, grade in wish["relevant"].items():
                if key in rows and grade > 0:
                    named[rows[key]] = max(named.get(rows[key], 0.0), grade / 2.0)
            unknown.update(key for key in wish["relevant"] if key not in rows)
            if named:
                pairs.extend((len(texts), row, vote) for row, vote in named.items())
                texts.append(wish["query"])
        self.size = len(texts)
        self.wishes = frozenset(texts)  # (whitespace-normalised, as indexer.examples stores them)
        self.unknown_entries = sorted(unknown)  # named by a wish but not in the index (removed since)
        self._documents = len(documents)
        # Votes as compressed rows (example -> its documents), not an examples x documents matrix.
        pairs.sort()
        self._doc = np.array([row for _, row, _ in pairs], dtype=np.int64)
        self._vote = np.array([vote for _, _, vote in pairs], dtype=np.float32)
        self._start = np.searchsorted(np.array([e for e, _, _ in pairs], dtype=np.int64), np.arange(self.size + 1))
        self.named = np.zeros(len(documents), dtype=bool)
        self.named[self._doc] = True
        self.vectors = keyword_vectors(texts, embedder, cache_path) if texts else np.zeros((0, embedder.dim),
                                                                                          np.float32)

    def scores(self, qvec: np.ndarray, neighbours: int, temperature: float) -> np.ndarray:
        """Each document's share of the votes of the ``neighbours`` nearest example wishes (0 … 1)."""
        out = np.zeros(self._documents, dtype=np.float32)
        if not self.size:
            return out
        # einsum rather than BLAS for one vector: see assistant.ranking.matvec
        sims = np.einsum("ij,j->i", self.vectors, qvec.astype(np.float32, copy=False))
        k = min(max(1, neighbours), self.size)
        nearest = np.argpartition(-sims, k - 1)[:k]
        weights = np.exp((sims[nearest] - float(sims[nearest].max())) / max(temperature, 1e-6))
        weights /= float(weights.sum())
        for example, weight in zip(nearest, weights):
            start, end = self._start[example], self._start[example + 1]
            out[self._doc[start:end]] += weight * self._vote[start:end]  # each document once per example
        return out


def warm_cache(index_dir: Path, wishes: Sequence[dict[str, Any]], embedder: Embedder) -> int:
    """Embed an index's example wishes into its cache (``kba index`` calls this) and forget the vectors of
    wishes it no longer has; returns how many."""
    texts = [w["query"] for w in wishes]
    if texts:
        keyword_vectors(texts, embedder, Path(index_dir) / CACHE_FILE, prune=True)
    else:  # the index has none left (--no-examples)
        (Path(index_dir) / CACHE_FILE).unlink(missing_ok=True)
    return len(texts)
