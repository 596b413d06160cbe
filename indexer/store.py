"""The index on disk: FAISS vectors, document store and manifest, written in atomic generations.

Layout of an index directory::

    DIR/CURRENT                  name of the generation being served (replaced atomically)
    DIR/gen-<seq>-<time>/        one complete, immutable generation
        manifest.json            embedder, model, dimension, counts, build time, format version
        documents.jsonl          one document per line (id, url, title, kind, text, metadata)
        passages.jsonl           one passage per line ({"doc": <document row>, "text": ...})
        vectors.faiss            inner-product index over normalised passage vectors, row i = passage i
        <name>.json              optional attachments, e.g. crawl_state.json (per-URL ETag/Last-Modified)
    DIR/.serving/<host>-<pid>    generation a running ``kba serve`` holds; never pruned while it lives

A generation is written into a hidden temporary directory, every file is fsynced, the directory is
renamed, and only then ``CURRENT`` is replaced. A crash at any point leaves the previous generation
named in ``CURRENT`` intact and loadable.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import faiss
import numpy as np

FORMAT_VERSION = 1
CURRENT = "CURRENT"
GENERATION_PREFIX = "gen-"
KEEP_GENERATIONS = 2  # the serving one and its predecessor (a running server may still read it)


class IndexStoreError(RuntimeError):
    """Base for index problems; the message is meant for an operator."""


class IndexNotFound(IndexStoreError):
    pass


class IndexMismatch(IndexStoreError):
    """The index was built by another embedder/model/dimension than the one configured."""


class IndexCorrupt(IndexStoreError):
    pass


@dataclass
class Document:
    id: str
    url: str
    title: str
    kind: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class Passage:
    doc: int  # row of the document in documents.jsonl
    text: str  # the text that was embedded (title + chunk)


@dataclass
class Manifest:
    embedder: str
    model: str
    dim: int
    documents: int
    passages: int
    built_at: str
    format_version: int = FORMAT_VERSION
    generation: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class LoadedIndex:
    path: Path
    manifest: Manifest
    documents: list[Document]
    passages: list[Passage]
    vectors: faiss.Index
    passage_doc: np.ndarray  # int32 row -> document row, for fast aggregation

    def search(self, query_vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-``k`` passages per query row: (scores, passage rows), -1 where fewer exist."""
        k = max(1, min(k, self.vectors.ntotal))
        return self.vectors.search(np.ascontiguousarray(query_vectors, dtype=np.float32), k)


# ---------------------------------------------------------------------------------------------- write


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")))
            fh.write("\n")


def write_generation(
    index_dir: Path,
    documents: Sequence[Document],
    passages: Sequence[Passage],
    vectors: np.ndarray,
    *,
    embedder: str,
    model: str,
    extra: dict[str, Any] | None = None,
    attachments: dict[str, Any] | None = None,
) -> Manifest:
    """Write a new generation and make it current; returns its manifest.

    ``attachments`` are written as ``<name>.json`` into the generation (read with :func:`read_attachment`),
    so state that belongs to an index (the crawler's ETags) switches atomically with it."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if vectors.ndim != 2 or vectors.shape[0] != len(passages):
        raise ValueError(f"{len(passages)} passages but vectors of shape {vectors.shape}")
    for p in passages:
        if not 0 <= p.doc < len(documents):
            raise ValueError(f"passage points to missing document row {p.doc}")
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    name = f"{GENERATION_PREFIX}{_next_sequence(index_dir):06d}-{time.strftime('%Y%m%dT%H%M%S')}"
    tmp = index_dir / f".tmp-{name}"
    tmp.mkdir()
    try:
        manifest = Manifest(
            embedder=embedder,
            model=model,
            dim=int(vectors.shape[1]),
            documents=len(documents),
            passages=len(passages),
            built_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            generation=name,
            extra=extra or {},
        )
        _write_jsonl(tmp / "documents.jsonl", (asdict(d) for d in documents))
        _write_jsonl(tmp / "passages.jsonl", (asdict(p) for p in passages))
        flat = faiss.IndexFlatIP(manifest.dim)
        if len(vectors):
            flat.add(vectors)
        faiss.write_index(flat, str(tmp / "vectors.faiss"))
        for att_name, data in (attachments or {}).items():
            (tmp / f"{att_name}.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        # The manifest goes last: a generation without one is never complete.
        (tmp / "manifest.json").write_text(json.dumps(asdict(manifest), ensure_ascii=False, indent=2), "utf-8")
        for child in tmp.iterdir():
            _fsync_file(child)
        _fsync_dir(tmp)
        os.rename(tmp, index_dir / name)
        _switch_current(index_dir, name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    remove_old_generations(index_dir)
    return manifest


def _next_sequence(index_dir: Path) -> int:
    """Generations are numbered so that names sort in the order they were written."""
    numbers = [0]
    for path in index_dir.glob(f"{GENERATION_PREFIX}*"):
        try:
            numbers.append(int(path.name[len(GENERATION_PREFIX):].split("-", 1)[0]))
        except ValueError:
            continue
    return max(numbers) + 1


def _switch_current(index_dir: Path, name: str) -> None:
    pointer = index_dir / f".{CURRENT}.{secrets.token_hex(3)}.tmp"
    pointer.write_text(name + "\n", "utf-8")
    _fsync_file(pointer)
    os.replace(pointer, index_dir / CURRENT)
    _fsync_dir(index_dir)


def current_generation(index_dir: Path) -> str | None:
    try:
        name = (Path(index_dir) / CURRENT).read_text("utf-8").strip()
    except FileNotFoundError:
        return None
    return name or None


def remove_old_generations(index_dir: Path, keep: int = KEEP_GENERATIONS) -> None:
    """Delete leftovers of crashed writes and all but the newest ``keep`` generations, except those a
    running server holds. Callers hold the index lock (only the indexer writes)."""
    index_dir = Path(index_dir)
    current = current_generation(index_dir)
    for tmp in index_dir.glob(".tmp-*"):
        shutil.rmtree(tmp, ignore_errors=True)
    served = served_generations(index_dir)
    gens = sorted(p for p in index_dir.glob(f"{GENERATION_PREFIX}*") if p.is_dir())
    for old in gens[:-keep] if keep else gens:
        if old.name != current and old.name not in served:
            shutil.rmtree(old, ignore_errors=True)


# --------------------------------------------------------------------------------- served generations

SERVING_DIR = ".serving"


def _marker(index_dir: Path) -> Path:
    return Path(index_dir) / SERVING_DIR / f"{socket.gethostname()}-{os.getpid()}"


def mark_serving(index_dir: Path, generation: str) -> None:
    """Record that this process serves ``generation`` (written atomically, replaced on reload)."""
    marker = _marker(index_dir)
    marker.parent.mkdir(parents=True, exist_ok=True)
    tmp = marker.with_name(f".{marker.name}.tmp")
    tmp.write_text(generation + "\n", "utf-8")
    os.replace(tmp, marker)


def clear_serving(index_dir: Path) -> None:
    _marker(index_dir).unlink(missing_ok=True)


def served_generations(index_dir: Path) -> set[str]:
    """Generations held by live servers; markers of dead processes on this host are removed.
    Markers written on other hosts (a shared index directory) are kept: we cannot see those processes."""
    served: set[str] = set()
    host = socket.gethostname()
    for marker in (Path(index_dir) / SERVING_DIR).glob("*"):
        if marker.name.startswith("."):
            continue
        owner, _, pid = marker.name.rpartition("-")
        if owner == host and pid.isdigit() and not _alive(int(pid)):
            marker.unlink(missing_ok=True)
            continue
        try:
            served.add(marker.read_text("utf-8").strip())
        except OSError:
            continue
    return served


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# ----------------------------------------------------------------------------------------------- read


def read_manifest(index_dir: Path) -> Manifest:
    index_dir = Path(index_dir)
    name = current_generation(index_dir)
    if name is None:
        raise IndexNotFound(f"No index in {index_dir}: run `kba index SOURCE... --index {index_dir}` first.")
    path = index_dir / name / "manifest.json"
    try:
        raw = json.loads(path.read_text("utf-8"))
        return Manifest(**raw)
    except FileNotFoundError:
        raise IndexCorrupt(f"Index generation {name} in {index_dir} has no manifest.") from None
    except (ValueError, TypeError) as exc:
        raise IndexCorrupt(f"Unreadable manifest {path}: {exc}") from None


def load_index(
    index_dir: Path,
    *,
    embedder: str | None = None,
    model: str | None = None,
    dim: int | None = None,
) -> LoadedIndex:
    """Load the current generation; refuse one built by another embedder, model or dimension."""
    index_dir = Path(index_dir)
    manifest = read_manifest(index_dir)
    if manifest.format_version != FORMAT_VERSION:
        raise IndexMismatch(
            f"Index in {index_dir} has format version {manifest.format_version}, this program reads "
            f"version {FORMAT_VERSION}: rebuild it with `kba index`."
        )
    wanted = {"embedder": embedder, "model": model, "dim": dim}
    for key, want in wanted.items():
        have = getattr(manifest, key)
        if want is not None and have != want:
            raise IndexMismatch(
                f"Index in {index_dir} was built with {key} {have!r}, but the configured {key} is {want!r}. "
                "Rebuild the index with the configured embedder, or configure the one it was built with "
                "(KBA_EMBEDDER, KBA_MODEL)."
            )
    gen = index_dir / manifest.generation
    try:
        documents = [Document(**json.loads(line)) for line in _lines(gen / "documents.jsonl")]
        passages = [Passage(**json.loads(line)) for line in _lines(gen / "passages.jsonl")]
        vectors = faiss.read_index(str(gen / "vectors.faiss"))
    except FileNotFoundError as exc:
        raise IndexCorrupt(f"Index generation {gen} is incomplete: {exc.filename} is missing.") from None
    except (ValueError, TypeError, RuntimeError) as exc:
        raise IndexCorrupt(f"Index generation {gen} is unreadable: {exc}") from None
    problems = []
    if vectors.ntotal != len(passages):
        problems.append(f"{vectors.ntotal} vectors but {len(passages)} passages in the document store")
    if len(documents) != manifest.documents or len(passages) != manifest.passages:
        problems.append(
            f"manifest counts {manifest.documents} documents/{manifest.passages} passages, "
            f"files hold {len(documents)}/{len(passages)}"
        )
    if vectors.d != manifest.dim:
        problems.append(f"vectors have dimension {vectors.d}, manifest says {manifest.dim}")
    if any(not 0 <= p.doc < len(documents) for p in passages):
        problems.append("a passage points to a missing document")
    if problems:
        raise IndexCorrupt(f"Index generation {gen} is inconsistent: " + "; ".join(problems) + ". Rebuild it.")
    passage_doc = np.fromiter((p.doc for p in passages), dtype=np.int32, count=len(passages))
    return LoadedIndex(gen, manifest, documents, passages, vectors, passage_doc)


def read_attachment(generation_dir: Path, name: str) -> Any:
    """An attachment of a generation (see :func:`write_generation`); None if it has none."""
    try:
        return json.loads((Path(generation_dir) / f"{name}.json").read_text("utf-8"))
    except FileNotFoundError:
        return None
    except ValueError as exc:
        raise IndexCorrupt(f"Unreadable {name}.json in {generation_dir}: {exc}") from None


def _lines(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [line for line in fh if line.strip()]
