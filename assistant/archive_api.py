"""Staff archive search: ``POST /api/archive/search``, ``GET /api/archive/facets`` and
``GET /api/archive/document/{id}`` (the original file). Every route requires a staff login.

Search = semantic + full text over the documents of kind ``archive``: the matcher's fused dense and
German BM25 ranking (:meth:`assistant.ranking.Matcher.match`) finds documents by meaning and by words;
phrases in double quotes must occur literally (full-text precision, e.g. a council paper number), and
documents containing the whole query literally are lifted to the top. Filters: year range, programme,
field of action, document type. Passages come back as plain text plus character offsets of the words
to mark; the page marks them itself, no HTML leaves the server.

The original document is served only from the ``source_path`` the index recorded for an archive
document, and only for document formats; the request names a document id, never a path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field

from .api import EngineDep
from .errors import InputError
from .staff_auth import AppSettingsDep, StaffDep

ARCHIVE_KIND = "archive"
# Formats an original may be served in, with the type and whether the browser may show it inline.
SERVABLE = {".pdf": ("application/pdf", "inline"), ".txt": ("text/plain; charset=utf-8", "inline"),
            ".md": ("text/plain; charset=utf-8", "inline"), ".html": ("text/html; charset=utf-8", "inline"),
            ".htm": ("text/html; charset=utf-8", "inline"),
            ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "attachment")}
# An archive HTML or text file is shown inert: no script, no form, no request anywhere. A PDF gets no
# sandbox: the browser's PDF viewer refuses to run in a sandboxed document.
DOCUMENT_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"
PDF_CSP = "frame-ancestors 'none'"
PASSAGE_CHARS = 260
MAX_PASSAGES = 2
# Documents taken from the fused ranking per search (each gets a reason); literal hits come on top of these.
MAX_SEMANTIC = 300
_PHRASE = re.compile(r'"([^"]{2,200})"')
_WORD = re.compile(r"\w{3,}", re.UNICODE)

router = APIRouter()


class ArchiveSearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str = ""
    year_from: int | None = Field(None, ge=1900, le=2100)
    year_to: int | None = Field(None, ge=1900, le=2100)
    programme: list[str] = Field(default_factory=list, max_length=50)
    field_of_action: list[str] = Field(default_factory=list, max_length=50)
    doctype: list[str] = Field(default_factory=list, max_length=50)
    sort: Literal["relevance", "date"] = "relevance"
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=10_000)


def _fold(text: Any) -> str:
    return " ".join(str(text).casefold().split())


@dataclass
class ArchiveView:
    """The archive documents of one index generation, with what filtering and facets need."""

    rows: list[int]
    by_id: dict[str, int]
    folded: dict[int, str]  # row -> case-folded title + text, for literal matching
    facets: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def build(cls, documents: list[Any]) -> "ArchiveView":
        rows = [r for r, d in enumerate(documents) if d.kind == ARCHIVE_KIND]
        values: dict[str, set[str]] = {"programmes": set(), "fields_of_action": set(), "doctypes": set()}
        years = []
        for r in rows:
            meta = documents[r].metadata
            for facet, key in (("programmes", "programme"), ("fields_of_action", "field_of_action"),
                               ("doctypes", "doctype")):
                if meta.get(key):
                    values[facet].add(str(meta[key]))
            if year_of(meta) is not None:
                years.append(year_of(meta))
        facets: dict[str, Any] = {k: sorted(v, key=str.casefold) for k, v in values.items()}
        facets["years"] = [min(years), max(years)] if years else None
        facets["documents"] = len(rows)
        return cls(rows, {documents[r].id: r for r in rows},
                   {r: _fold(documents[r].title + "\n" + documents[r].text) for r in rows}, facets)


def year_of(meta: dict[str, Any]) -> int | None:
    year = meta.get("year")
    if isinstance(year, int):
        return year
    match = re.match(r"(\d{4})", str(meta.get("date") or year or ""))
    return int(match.group(1)) if match else None


def passes(meta: dict[str, Any], req: ArchiveSearchRequest) -> bool:
    """Filters narrow; a document that does not state what a filter asks about does not pass."""
    if req.year_from is not None or req.year_to is not None:
        year = year_of(meta)
        if year is None or (req.year_from is not None and year < req.year_from) or \
                (req.year_to is not None and year > req.year_to):
            return False
    for key, wanted in (("programme", req.programme), ("field_of_action", req.field_of_action),
                        ("doctype", req.doctype)):
        wanted_folded = {_fold(w) for w in wanted if w.strip()}
        if wanted_folded and _fold(meta.get(key) or "") not in wanted_folded:
            return False
    return True


def servable_path(meta: dict[str, Any]) -> Path | None:
    """The original file of an archive document, if the index recorded one that can be served."""
    raw = meta.get("source_path")
    if not isinstance(raw, str) or not raw:
        return None
    path = Path(raw)
    if not path.is_absolute() or path.suffix.lower() not in SERVABLE or not path.is_file():
        return None
    return path


# -------------------------------------------------------------------------------------- passages


def _window(text: str, start: int, end: int, size: int = PASSAGE_CHARS) -> tuple[int, int]:
    """Character range of about ``size`` around [start, end), cut at word boundaries."""
    lo = max(0, start - (size - (end - start)) // 2)
    hi = min(len(text), lo + size)
    lo = max(0, min(lo, hi - size))
    if lo > 0:
        space = text.find(" ", lo)
        lo = space + 1 if 0 <= space < start else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space > end else hi
    return lo, hi


def literal_passages(text: str, needles: list[str], words: list[str], limit: int = MAX_PASSAGES) -> list[dict]:
    """Passages around the first occurrences of ``needles`` (phrases) or else of query ``words``,
    with every occurrence of a phrase or word inside the passage marked."""
    flat = " ".join(text.split())
    folded = flat.casefold()  # same length as ``flat`` for the scripts our archive uses
    if len(folded) != len(flat):
        folded = flat.lower()
    terms = [n.casefold() for n in needles if n] or [w.casefold() for w in words]
    hits = sorted((m.start(), m.start() + len(t)) for t in terms for m in re.finditer(re.escape(t), folded))
    passages: list[dict] = []
    taken_until = -1
    for start, end in hits:
        if start < taken_until:
            continue
        lo, hi = _window(flat, start, end)
        piece = flat[lo:hi]
        marks = sorted((m.start(), m.start() + len(t)) for t in terms
                       for m in re.finditer(re.escape(t), piece.casefold() if len(piece.casefold()) == len(piece)
                                            else piece.lower()))
        prefix, suffix = ("… " if lo > 0 else ""), (" …" if hi < len(flat) else "")
        passages.append({"text": prefix + piece + suffix,
                         "highlights": [[s + len(prefix), e + len(prefix)] for s, e in _disjoint(marks)]})
        taken_until = hi
        if len(passages) >= limit:
            break
    return passages


def _disjoint(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _reason_passage(match: Any) -> dict | None:
    reason = getattr(match, "reason", None)
    if reason is None or not getattr(reason, "text", "") or not getattr(reason, "highlights", None):
        return None
    return {"text": reason.text, "highlights": [[int(s), int(e)] for s, e in reason.highlights]}


# ---------------------------------------------------------------------------------------- search


def search_archive(matcher: Any, view: ArchiveView, req: ArchiveSearchRequest) -> dict[str, Any]:
    documents = matcher.index.documents
    phrases = [p.strip() for p in _PHRASE.findall(req.query) if p.strip()]
    free_text = " ".join(_PHRASE.sub(" ", req.query).split())
    semantic_query = " ".join([free_text] + phrases).strip()
    folded_query = _fold(req.query.replace('"', " "))
    candidates = [r for r in view.rows if passes(documents[r].metadata, req)]
    if phrases:
        candidates = [r for r in candidates if all(_fold(p) in view.folded[r] for p in phrases)]

    scores: dict[int, float] = {}
    matches: dict[int, Any] = {}
    if semantic_query:
        for m in matcher.match(semantic_query, limit=max(1, min(len(view.rows), MAX_SEMANTIC)), kinds=[ARCHIVE_KIND]):
            row = view.by_id.get(m.id)
            if row is not None:
                scores[row], matches[row] = float(m.score), m
        # Full text: a document containing every quoted phrase (all candidates, when there are
        # phrases) or the whole query literally is a hit even where the fused ranking cut it, and
        # ranks above documents that only resemble the query.
        for r in candidates:
            if phrases or (len(folded_query) >= 3 and folded_query in view.folded[r]):
                scores[r] = scores.get(r, 0.0) + 10.0
        hits = [r for r in candidates if r in scores]
    else:
        hits = list(candidates)

    def date_key(r: int) -> str:
        meta = documents[r].metadata
        return str(meta.get("date") or year_of(meta) or "")

    if req.sort == "date" or not semantic_query:
        hits.sort(key=lambda r: (date_key(r), scores.get(r, 0.0)), reverse=True)
    else:
        hits.sort(key=lambda r: (-scores[r], r))
    page = hits[req.offset: req.offset + req.limit]
    words = [w for w in _WORD.findall(free_text)] if free_text else []
    results = []
    for r in page:
        doc = documents[r]
        meta = doc.metadata
        passages = literal_passages(doc.text, phrases, []) if phrases else []
        if not passages and r in matches:
            reason = _reason_passage(matches[r])
            passages = [reason] if reason else []
        if not passages and (folded_query and folded_query in view.folded[r]):
            passages = literal_passages(doc.text, [req.query.replace('"', " ").strip()], [])
        if not passages and words:
            passages = literal_passages(doc.text, [], words)
        if not passages:
            passages = [{"text": " ".join(doc.text.split())[:PASSAGE_CHARS], "highlights": []}]
        results.append({
            "id": doc.id, "title": doc.title, "url": doc.url,
            "date": meta.get("date"), "year": year_of(meta), "programme": meta.get("programme"),
            "field_of_action": meta.get("field_of_action"), "doctype": meta.get("doctype"),
            "format": meta.get("format") or (Path(str(meta.get("source_path") or doc.id)).suffix.lstrip(".") or None),
            "score": round(scores[r], 4) if r in scores and semantic_query else None,
            "passages": passages,
            "document_url": f"/api/archive/document/{quote(doc.id, safe='')}" if servable_path(meta) else None,
        })
    return {"total": len(hits), "offset": req.offset, "results": results}


# ----------------------------------------------------------------------------------------- routes


def archive_view(request: Request, matcher: Any) -> ArchiveView:
    """One view per served generation, rebuilt when the engine switches generations."""
    cached = getattr(request.app.state, "archive_view", None)
    if cached is None or cached[0] is not matcher.index:
        cached = (matcher.index, ArchiveView.build(matcher.index.documents))
        request.app.state.archive_view = cached
    return cached[1]


def _clean(text: str, limit: int) -> str:
    text = " ".join("".join(ch for ch in text if ch.isprintable() or ch in "\n\t").split())
    if len(text) > limit:
        raise InputError("query", f"Der Suchtext ist zu lang (höchstens {limit} Zeichen).", "string_too_long")
    return text


@router.post("/api/archive/search")
def archive_search(body: ArchiveSearchRequest, request: Request, engine: EngineDep, settings: AppSettingsDep,
                   _user: StaffDep) -> dict[str, Any]:
    body = body.model_copy(update={"query": _clean(body.query, settings.max_query_chars)})
    if body.year_from is not None and body.year_to is not None and body.year_from > body.year_to:
        raise InputError("year_from", "„Jahr von“ liegt nach „Jahr bis“.", "value_error")
    matcher = engine.matcher
    return search_archive(matcher, archive_view(request, matcher), body)


@router.get("/api/archive/facets")
def archive_facets(request: Request, engine: EngineDep, _user: StaffDep) -> dict[str, Any]:
    return archive_view(request, engine.matcher).facets


@router.get("/api/archive/document/{doc_id:path}")
def archive_document(doc_id: str, request: Request, engine: EngineDep, _user: StaffDep) -> FileResponse:
    matcher = engine.matcher
    row = archive_view(request, matcher).by_id.get(doc_id)
    path = servable_path(matcher.index.documents[row].metadata) if row is not None else None
    if path is None:
        raise HTTPException(404, "Dieses Dokument gibt es im Archiv nicht (mehr).")
    media_type, disposition = SERVABLE[path.suffix.lower()]
    return FileResponse(path, media_type=media_type, filename=path.name, content_disposition_type=disposition,
                        headers={"Content-Security-Policy": PDF_CSP if path.suffix.lower() == ".pdf" else DOCUMENT_CSP,
                                 "Cache-Control": "private, no-store"})
