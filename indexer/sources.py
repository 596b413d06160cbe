"""Reading sources into documents: local folders and JSONL record exports (websites: :mod:`crawl`).

A source yields :class:`SourceDocument` objects and reports what it skipped and why; it never
raises on one bad file or record, so a nightly run with one broken file still updates the rest.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from .archive import archive_metadata
from .encoding import decode
from .extract import Extracted, extract_html, extract_markdown, extract_plain_text
from .records import record_text
from .store import Document

TEXT_SUFFIXES = {".html": "html", ".htm": "html", ".xhtml": "html", ".md": "markdown",
                 ".markdown": "markdown", ".txt": "text", ".text": "text", ".pdf": "pdf", ".docx": "docx"}
FORMAT_NAMES = {"html": "html", "markdown": "md", "text": "txt", "pdf": "pdf", "docx": "docx"}
MAX_FILE_BYTES = 200 * 1024 * 1024
RECORD_FIELDS = ("id", "url", "title", "text", "kind")


class SourceError(ValueError):
    """A source that cannot be read at all (missing folder, not a JSONL file...)."""


# A document read from a source is already the store's document (id, url, title, kind, text, metadata);
# the name says where it comes from.
SourceDocument = Document


@dataclass
class Skipped:
    where: str
    reason: str


@dataclass
class SourceResult:
    """What one source produced; filled while iterating."""

    source: str
    documents: list[SourceDocument] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    # False when the source could not be read completely (site down, crawl limit hit): the build then
    # keeps this source's previous documents that were not seen, instead of removing them.
    complete: bool = True
    state: dict[str, Any] | None = None  # per-URL crawl state to keep in the index for the next run
    stats: dict[str, Any] = field(default_factory=dict)


def decode_text(data: bytes) -> str:
    """Local text files: BOM, else UTF-8, else Windows-1252 (see :mod:`indexer.encoding`)."""
    return decode(data)[0]


def file_format(path: Path) -> str | None:
    kind = TEXT_SUFFIXES.get(path.suffix.lower())
    return FORMAT_NAMES[kind] if kind else None


def extract_file(path: Path) -> Extracted | None:
    """Extract a local file by its suffix; ``None`` for formats we do not index."""
    kind = TEXT_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        return None
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValueError(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    data = path.read_bytes()
    if kind in ("pdf", "docx"):
        from .formats import extract_docx, extract_pdf

        return extract_pdf(data) if kind == "pdf" else extract_docx(data)
    if kind == "html":
        return extract_html(decode(data, html=True)[0], path.resolve().as_uri())
    text = decode(data)[0]
    if kind == "markdown":
        return extract_markdown(text)
    return extract_plain_text(text)


WEBSITE_MARKERS = ("robots.txt", "sitemap.xml")


def read_folder(folder: Path, default_kind: str | None = None) -> SourceResult:
    """Documents of a folder. ``default_kind`` for documents without a schema.org type; by default
    ``archive``, but ``page`` for a saved website (a folder with robots.txt or sitemap.xml at its top,
    whose robots.txt and sitemap.xml are then not documents themselves)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SourceError(f"Source folder {folder} does not exist or is not a folder.")
    website = any((folder / marker).is_file() for marker in WEBSITE_MARKERS)
    default_kind = default_kind or ("page" if website else "archive")
    result = SourceResult(source=str(folder.resolve()))
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if website and rel in WEBSITE_MARKERS:
            continue
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue  # hidden files and folders (.git, editor backups)
        try:
            extracted = extract_file(path)
        except (OSError, ValueError) as exc:
            result.skipped.append(Skipped(rel, f"unreadable: {exc}"))
            continue
        if extracted is None:
            result.skipped.append(Skipped(rel, f"unsupported file type {path.suffix or '(none)'}"))
            continue
        if extracted.noindex:
            result.skipped.append(Skipped(rel, "page asks not to be indexed (robots noindex)"))
            continue
        if not extracted.text.strip():
            result.skipped.append(Skipped(rel, "no text"))
            continue
        metadata = dict(extracted.metadata)
        metadata["source_path"] = str(path.resolve())
        kind = extracted.kind or default_kind
        fmt = file_format(path) or ""
        if kind == "archive":
            metadata.update(archive_metadata(extracted.text, extracted.format_meta, path.name, fmt))
        else:
            metadata["format"] = fmt
        result.documents.append(
            SourceDocument(
                id=extracted.identifier or rel,
                url=extracted.canonical or path.resolve().as_uri(),
                title=extracted.format_meta.get("title") or extracted.title or path.stem,
                kind=kind,
                text=extracted.text,
                metadata=metadata,
            )
        )
    return result


def read_jsonl(path: Path, default_kind: str = "page") -> SourceResult:
    """Records ``{"id","url","title","text","kind", ...metadata}``, one per line; a record without ``text``
    in the entries' own schema (summary, description, facts) gets its text composed from those fields."""
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"Source file {path} does not exist.")
    result = SourceResult(source=str(path.resolve()))
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            line = decode_text(raw).strip()
            if not line:
                continue
            where = f"{path.name}:{number}"
            try:
                record = json.loads(line)
            except ValueError as exc:
                result.skipped.append(Skipped(where, f"invalid JSON: {exc}"))
                continue
            if not isinstance(record, dict):
                result.skipped.append(Skipped(where, "a record must be a JSON object"))
                continue
            doc_id = str(record.get("id") or "").strip()
            text = record.get("text")
            if text is None:  # the entries' own schema: summary, description, facts (indexer.records)
                text = record_text(record)
            if not doc_id:
                result.skipped.append(Skipped(where, "record has no id"))
                continue
            if not isinstance(text, str) or not text.strip():
                result.skipped.append(Skipped(where, f"record {doc_id!r} has no text"))
                continue
            metadata = {k: v for k, v in record.items() if k not in RECORD_FIELDS}
            result.documents.append(
                SourceDocument(
                    id=doc_id,
                    url=str(record.get("url") or ""),
                    title=str(record.get("title") or "").strip() or doc_id,
                    kind=str(record.get("kind") or default_kind),
                    text=text.strip(),
                    metadata=metadata,
                )
            )
    return result


def source_key(source: str) -> str:
    """The identity of a source across runs: absolute path, or the URL as given."""
    if "://" in source:
        return source
    return os.path.abspath(source)


def iter_documents(results: list[SourceResult]) -> Iterator[SourceDocument]:
    for result in results:
        yield from result.documents
