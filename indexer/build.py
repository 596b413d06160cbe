"""Build a new index generation from sources, reusing everything that did not change.

The documents of the sources named in a run replace that source's documents of the previous
generation; documents of other sources are carried over. Passages are re-derived from document text
(cheap) and only passages whose text is not in the embedding cache are embedded (expensive).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from .cache import EmbeddingCache, passage_key
from .chunk import ChunkConfig, split_passages
from .embedders import Embedder
from .sources import Skipped, SourceDocument, SourceResult
from .store import Document, IndexStoreError, Passage, load_index, write_generation

EMBED_BATCH = 16


class IndexLocked(RuntimeError):
    pass


@dataclass
class BuildReport:
    index_dir: str
    generation: str = ""
    sources: list[str] = field(default_factory=list)
    documents: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    passages: int = 0
    embedded: int = 0
    reused: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    embed_seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@contextmanager
def index_lock(index_dir: Path) -> Iterator[None]:
    """One indexer at a time per index directory (an advisory lock the OS drops if we die)."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    fh = open(index_dir / ".lock", "a+")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.close()
        raise IndexLocked(
            f"Another `kba index` is already running on {index_dir}; wait for it to finish."
        ) from None
    try:
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        yield
    finally:
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


def content_hash(doc: SourceDocument | Document) -> str:
    meta = {k: v for k, v in doc.metadata.items() if k not in ("source", "content_hash", "fetched")}
    payload = repr((doc.title, doc.url, doc.kind, doc.text, sorted(meta.items(), key=lambda kv: kv[0])))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def model_identity(embedder: Embedder) -> str:
    return f"{embedder.name}:{embedder.model}:{embedder.dim}"


def _previous_documents(index_dir: Path) -> list[Document]:
    try:
        return load_index(index_dir).documents
    except IndexStoreError:
        # No index yet, or a broken one: it must not stop the run that repairs it.
        return []


def merge_documents(
    previous: Sequence[Document], results: Sequence[SourceResult], report: BuildReport
) -> list[Document]:
    """Carry over other sources' documents, replace the named sources' ones, count the changes."""
    named = {r.source for r in results}
    old_by_id = {d.id: d for d in previous}
    merged: dict[str, Document] = {}
    for doc in previous:
        if doc.metadata.get("source") not in named:
            merged[doc.id] = doc
    seen_this_run: set[str] = set()
    for result in results:
        for src in result.documents:
            if src.id in seen_this_run:
                report.skipped.append(asdict(Skipped(src.id, "duplicate id: another document already has it")))
                continue
            seen_this_run.add(src.id)
            metadata = dict(src.metadata, source=result.source)
            doc = Document(src.id, src.url, src.title, src.kind, src.text, metadata)
            doc.metadata["content_hash"] = content_hash(doc)
            merged[src.id] = doc
    for doc in merged.values():
        old = old_by_id.get(doc.id)
        if old is None:
            report.added += 1
        elif old.metadata.get("content_hash") != doc.metadata.get("content_hash"):
            report.changed += 1
        else:
            report.unchanged += 1
    report.removed = sum(1 for d in previous if d.id not in merged)
    return list(merged.values())


def build_index(
    index_dir: Path,
    results: Sequence[SourceResult],
    embedder: Embedder,
    *,
    chunk_config: ChunkConfig = ChunkConfig(),
    progress: Callable[[int], Any] | None = None,
    on_total: Callable[[int], Any] | None = None,
) -> BuildReport:
    """Merge, chunk, embed what is new, and write a generation. Caller holds :func:`index_lock`."""
    started = time.perf_counter()
    index_dir = Path(index_dir)
    report = BuildReport(index_dir=str(index_dir), sources=[r.source for r in results])
    for result in results:
        report.skipped.extend(asdict(s) for s in result.skipped)
    documents = merge_documents(_previous_documents(index_dir), results, report)
    documents.sort(key=lambda d: d.id)

    passages: list[Passage] = []
    for row, doc in enumerate(documents):
        for text in split_passages(doc.title, doc.text, embedder.count_tokens, chunk_config):
            passages.append(Passage(row, text))

    identity = model_identity(embedder)
    keys = [passage_key(identity, p.text) for p in passages]
    cache = EmbeddingCache(index_dir / "cache" / "embeddings.sqlite", embedder.dim)
    try:
        known = cache.get_many(keys)
        missing = list(dict.fromkeys(k for k in keys if k not in known))
        text_by_key = {k: p.text for k, p in zip(keys, passages)}
        report.reused = sum(1 for k in keys if k in known)
        if on_total:
            on_total(len(missing))
        embed_started = time.perf_counter()
        for start in range(0, len(missing), EMBED_BATCH):
            batch = missing[start : start + EMBED_BATCH]
            vectors = embedder.embed_passages([text_by_key[k] for k in batch])
            cache.put_many(zip(batch, vectors))  # committed now: a killed run keeps this work
            known.update(zip(batch, vectors))
            if progress:
                progress(len(batch))
        report.embed_seconds = round(time.perf_counter() - embed_started, 3)
        report.embedded = len(missing)
        matrix = np.stack([known[k] for k in keys]) if keys else np.zeros((0, embedder.dim), np.float32)
        manifest = write_generation(
            index_dir, documents, passages, matrix, embedder=embedder.name, model=embedder.model,
            extra={"chunk": asdict(chunk_config)},
        )
        cache.keep_only(keys)
    finally:
        cache.close()
    report.generation = manifest.generation
    report.documents = len(documents)
    report.passages = len(passages)
    report.seconds = round(time.perf_counter() - started, 3)
    return report
