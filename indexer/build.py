"""Build a new index generation from sources, reusing everything that did not change.

The documents of the sources named in a run replace that source's documents of the previous
generation; documents of other sources are carried over. A source that could not be read completely
(``SourceResult.complete`` False: site down, crawl limit) keeps its previous documents that were not
seen. Passages of unchanged documents are taken over from the previous generation; passages of new or
changed ones are re-derived, and only passages whose text is not in the embedding cache are embedded.
Example wishes (:mod:`indexer.examples`) given to a run replace the previous generation's; a run
without them carries the previous ones over. A run that changes nothing writes no generation at all.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from .cache import EmbeddingCache, passage_key
from .chunk import CHUNK_RULES, ChunkConfig, split_passages
from .embedders import Embedder
from .examples import ATTACHMENT as EXAMPLE_WISHES
from .sources import Skipped, SourceDocument, SourceResult
from .store import (Document, IndexStoreError, LoadedIndex, Passage, load_index, read_attachment,
                    remove_old_generations, write_generation)

EMBED_BATCH = 16
CRAWL_STATE = "crawl_state"  # generation attachment: {source: {url: PageState}}
_VOLATILE_META = ("source", "content_hash", "fetched")


class IndexLocked(RuntimeError):
    pass


@dataclass
class BuildReport:
    index_dir: str
    generation: str = ""
    new_generation: bool = False  # False: nothing changed, the previous generation stays current
    sources: list[str] = field(default_factory=list)
    documents: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    kept_incomplete: int = 0  # previous documents kept because their source could not be read fully
    passages: int = 0
    embedded: int = 0
    reused: int = 0
    passages_per_second: float = 0.0  # of the passages embedded in this run
    skipped: list[dict[str, str]] = field(default_factory=list)
    skipped_by_reason: dict[str, int] = field(default_factory=dict)
    crawl: dict[str, Any] = field(default_factory=dict)  # per crawled site: requests, fetched, 304s, ...
    example_wishes: int = 0  # example wishes the generation keeps (indexer.examples)
    example_wishes_unmatched: int = 0  # ... of which name no document of the generation (ranking ignores them)
    seconds: float = 0.0
    read_seconds: float = 0.0  # reading/crawling the sources (set by the caller)
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
        fh.seek(0)
        holder = fh.read().strip()
        fh.close()
        raise IndexLocked(
            f"Another `kba index` (process {holder or 'unknown'}) is already updating {index_dir}; "
            "wait for it to finish and run again. The index being served is not affected."
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
    meta = {k: v for k, v in doc.metadata.items() if k not in _VOLATILE_META}
    payload = repr((doc.title, doc.url, doc.kind, doc.text, sorted(meta.items(), key=lambda kv: kv[0])))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def model_identity(embedder: Embedder) -> str:
    return f"{embedder.name}:{embedder.model}:{embedder.dim}"


@dataclass
class PreviousIndex:
    """What the last generation knows: its documents, passages and the crawler's per-URL state."""

    index: LoadedIndex | None = None
    crawl_state: dict[str, dict[str, Any]] = field(default_factory=dict)
    example_wishes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def documents(self) -> list[Document]:
        return self.index.documents if self.index else []

    def documents_of(self, source: str) -> dict[str, SourceDocument]:
        """This source's previous documents, as a source would produce them (for 304 reuse)."""
        return {d.id: SourceDocument(d.id, d.url, d.title, d.kind, d.text,
                                     {k: v for k, v in d.metadata.items() if k not in _VOLATILE_META})
                for d in self.documents if d.metadata.get("source") == source}


def load_previous(index_dir: Path) -> PreviousIndex:
    try:
        index = load_index(index_dir)
        state = read_attachment(index.path, CRAWL_STATE) or {}
        examples = read_attachment(index.path, EXAMPLE_WISHES) or []
    except IndexStoreError:
        # No index yet, or a broken one: it must not stop the run that repairs it.
        return PreviousIndex()
    return PreviousIndex(index, state, examples)


def merge_documents(
    previous: Sequence[Document], results: Sequence[SourceResult], report: BuildReport
) -> list[Document]:
    """Carry over other sources' documents, replace the named sources' ones, count the changes."""
    named = {r.source for r in results}
    incomplete = {r.source for r in results if not r.complete}
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
    for doc in previous:  # a source we could not read fully: what we did not see this time stays
        if doc.metadata.get("source") in incomplete and doc.id not in merged:
            merged[doc.id] = doc
            report.kept_incomplete += 1
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


def _merged_state(previous: PreviousIndex, results: Sequence[SourceResult]) -> dict[str, Any]:
    named = {r.source for r in results}
    state = {source: s for source, s in previous.crawl_state.items() if source not in named}
    for result in results:
        if result.state is not None:
            state[result.source] = result.state
    return state


def _passages(documents: list[Document], previous: PreviousIndex, embedder: Embedder, chunk_config: ChunkConfig,
              same_setup: bool) -> list[Passage]:
    """Passages for all documents; unchanged documents take theirs from the previous generation."""
    old_passages: dict[str, list[str]] = {}
    if same_setup and previous.index is not None:
        old_hash = {row: d.metadata.get("content_hash") for row, d in enumerate(previous.index.documents)}
        for p in previous.index.passages:
            old_passages.setdefault(f"{previous.index.documents[p.doc].id}\x00{old_hash[p.doc]}", []).append(p.text)
    passages: list[Passage] = []
    for row, doc in enumerate(documents):
        texts = old_passages.get(f"{doc.id}\x00{doc.metadata.get('content_hash')}")
        if texts is None:
            texts = split_passages(doc.title, doc.text, embedder.count_tokens, chunk_config)
        passages.extend(Passage(row, text) for text in texts)
    return passages


def build_index(
    index_dir: Path,
    results: Sequence[SourceResult],
    embedder: Embedder,
    *,
    chunk_config: ChunkConfig = ChunkConfig(),
    previous: PreviousIndex | None = None,
    progress: Callable[[int], Any] | None = None,
    on_total: Callable[[int], Any] | None = None,
    example_wishes: Sequence[dict[str, Any]] | None = None,
) -> BuildReport:
    """Merge, chunk, embed what is new, and write a generation. Caller holds :func:`index_lock`.

    ``example_wishes`` (from :func:`indexer.examples.read_example_wishes`) replace the previous
    generation's; None keeps them, an empty list removes them."""
    started = time.perf_counter()
    index_dir = Path(index_dir)
    previous = previous if previous is not None else load_previous(index_dir)
    report = BuildReport(index_dir=str(index_dir), sources=[r.source for r in results])
    for result in results:
        report.skipped.extend(asdict(s) for s in result.skipped)
        if result.stats:
            report.crawl[result.source] = result.stats
    documents = merge_documents(previous.documents, results, report)
    documents.sort(key=lambda d: d.id)
    identity = model_identity(embedder)
    setup = {"chunk": asdict(chunk_config), "rules": CHUNK_RULES, "model": identity}
    old_manifest = previous.index.manifest if previous.index else None
    same_setup = old_manifest is not None and old_manifest.extra.get("setup") == setup
    state = _merged_state(previous, results)
    examples = list(previous.example_wishes if example_wishes is None else example_wishes)
    report.example_wishes = len(examples)
    keys = {d.id for d in documents} | {d.url for d in documents if d.url}
    report.example_wishes_unmatched = sum(1 for w in examples if not keys & set(w["relevant"]))
    report.skipped_by_reason = dict(Counter(_reason_key(s["reason"]) for s in report.skipped).most_common())

    if same_setup and not (report.added or report.changed or report.removed) and state == previous.crawl_state \
            and examples == previous.example_wishes \
            and [d.id for d in documents] == [d.id for d in previous.documents]:
        report.generation = old_manifest.generation
        report.documents, report.passages = old_manifest.documents, old_manifest.passages
        report.reused = old_manifest.passages
        remove_old_generations(index_dir)  # tidy leftovers of killed runs
        report.seconds = round(time.perf_counter() - started, 3)
        return report

    passages = _passages(documents, previous, embedder, chunk_config, same_setup)
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
        if missing and report.embed_seconds > 0:
            report.passages_per_second = round(len(missing) / report.embed_seconds, 2)
        matrix = np.stack([known[k] for k in keys]) if keys else np.zeros((0, embedder.dim), np.float32)
        manifest = write_generation(
            index_dir, documents, passages, matrix, embedder=embedder.name, model=embedder.model,
            extra={"chunk": asdict(chunk_config), "setup": setup},
            attachments={CRAWL_STATE: state, **({EXAMPLE_WISHES: examples} if examples else {})},
        )
        cache.keep_only(keys)
    finally:
        cache.close()
    report.generation = manifest.generation
    report.new_generation = True
    report.documents = len(documents)
    report.passages = len(passages)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _reason_key(reason: str) -> str:
    """Group skip reasons for the summary: drop URLs and numbers after the first clause."""
    return reason.split(";", 1)[0].split(": http", 1)[0].split(" (", 1)[0].strip()
