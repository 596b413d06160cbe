"""The keyword channel: an entry's own keywords (``tags``: "Fußball", "Repair Café", "Bienen"), each
embedded like a query, scored by the best keyword's similarity to the wish.

Why: a short German keyword and a wish in any language meet in the model's space more reliably than a
wish and a 160-token passage full of addresses and opening hours; measured in the README's ablation
(largest gain on cross-lingual and paraphrased wishes).

Keyword vectors are cached in ``<index>/cache/keywords.sqlite`` (``kba index`` fills it, so the
server starts without embedding anything); an index without that cache gets them embedded at load.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Sequence

import numpy as np

from indexer.cache import EmbeddingCache, passage_key
from indexer.embedders import Embedder
from indexer.store import Document

CACHE_FILE = Path("cache") / "keywords.sqlite"
ARCHIVE = "archive"  # staff documents have no curated keywords
BATCH = 32


def keywords_of(doc: Document) -> list[str]:
    if doc.kind == ARCHIVE:
        return []
    tags = doc.metadata.get("tags") or []
    tags = tags if isinstance(tags, list) else [tags]
    return list(dict.fromkeys(" ".join(str(t).split()) for t in tags if str(t).strip()))


def _identity(embedder: Embedder) -> str:
    return f"keyword-query:{embedder.name}:{embedder.model}:{embedder.dim}"


def keyword_vectors(texts: Sequence[str], embedder: Embedder, cache_path: Path | None, *, prune: bool = False
                    ) -> np.ndarray:
    """Vectors of ``texts`` embedded as queries, from the cache where possible (new ones are added;
    ``prune`` forgets the cached vectors of every other text, so a cache does not grow with each edit)."""
    texts = list(texts)
    if not texts:
        return np.zeros((0, embedder.dim), np.float32)
    keys = [passage_key(_identity(embedder), t) for t in texts]
    cache = None
    if cache_path is not None:
        try:
            cache = EmbeddingCache(cache_path, embedder.dim)
        except (OSError, sqlite3.Error):
            cache = None  # read-only index folder: embed in memory
    try:
        known = cache.get_many(keys) if cache else {}
        missing = [(k, t) for k, t in zip(keys, texts) if k not in known]
        for start in range(0, len(missing), BATCH):
            batch = missing[start : start + BATCH]
            vectors = embedder.embed_queries([t for _, t in batch])
            known.update(zip([k for k, _ in batch], vectors))
            if cache:
                try:
                    cache.put_many(zip([k for k, _ in batch], vectors))
                except sqlite3.Error:
                    pass
        if cache and prune:
            try:
                cache.keep_only(keys)
            except sqlite3.Error:
                pass
        return np.stack([known[k] for k in keys]).astype(np.float32)
    finally:
        if cache:
            cache.close()


class KeywordChannel:
    """Per document: the best cosine between the query and one of the document's keywords."""

    def __init__(self, documents: Sequence[Document], embedder: Embedder, cache_path: Path | None) -> None:
        per_doc = [keywords_of(d) for d in documents]
        vocabulary = sorted({k for keys in per_doc for k in keys})
        position = {k: i for i, k in enumerate(vocabulary)}
        self.vectors = keyword_vectors(vocabulary, embedder, cache_path)
        pairs = [(row, position[k]) for row, keys in enumerate(per_doc) for k in keys]
        self._doc = np.array([d for d, _ in pairs], dtype=np.int64)
        self._keyword = np.array([k for _, k in pairs], dtype=np.int64)
        self._starts = np.flatnonzero(np.r_[True, np.diff(self._doc) != 0]) if pairs else np.zeros(0, np.int64)
        self.has_keywords = np.zeros(len(documents), dtype=bool)
        self.has_keywords[self._doc] = True
        self.size = len(vocabulary)

    def scores(self, qvec: np.ndarray, fill: float | None = None) -> np.ndarray:
        """Best keyword cosine per document; documents without keywords get ``fill`` (default: the
        mean of the others, i.e. no evidence either way)."""
        out = np.zeros(len(self.has_keywords), dtype=np.float32)
        if not self.size:
            return out
        # einsum rather than BLAS for one vector: see assistant.ranking.matvec
        sims = np.einsum("ij,j->i", self.vectors, qvec.astype(np.float32, copy=False))
        maxima = np.maximum.reduceat(sims[self._keyword], self._starts)
        out[self._doc[self._starts]] = maxima
        out[~self.has_keywords] = float(maxima.mean()) if fill is None else fill
        return out


def warm_cache(index_dir: Path, documents: Sequence[Document], embedder: Embedder) -> int:
    """Embed the keywords of an index into its cache (``kba index`` calls this); returns how many."""
    vocabulary = sorted({k for d in documents for k in keywords_of(d)})
    keyword_vectors(vocabulary, embedder, Path(index_dir) / CACHE_FILE)
    return len(vocabulary)
