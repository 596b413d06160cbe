"""PDF and DOCX to clean text plus the format's own metadata (bytes in, :class:`Extracted` out).

PDF text comes out of pypdf line by line, with the page header and footer repeated on every page;
we drop lines that repeat at the top or bottom of most pages (and bare page numbers) and re-flow
lines into paragraphs, so the chunker sees paragraphs as in the other formats. DOCX keeps paragraph
and table order; headings and list items stay recognisable. Both refuse oversized inputs (a DOCX is a
zip: its unpacked size is checked before parsing).
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections import Counter
from typing import Any

from .extract import Extracted, clean_whitespace

MAX_PDF_PAGES = 2000
MAX_DOCX_UNPACKED = 100 * 1024 * 1024

logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns loudly about harmless quirks


class FormatError(ValueError):
    """A file that cannot be read (broken, encrypted, oversized)."""


# ------------------------------------------------------------------------------------------------- PDF

_PAGE_NUMBER = re.compile(r"^(seite|page|s\.)?\s*\d+(\s*(von|of|/)\s*\d+)?$", re.I)
_BULLET = re.compile(r"^([•◦▪‣·\-–*]|\d{1,2}[.)]|[a-z][.)])\s+")
_HEADING = re.compile(r"^(\d{1,2}(\.\d{1,2})*\.?|[IVX]{1,5}\.)\s+\S")
_LABEL = re.compile(r"^[A-ZÄÖÜ][\w./-]*( [\w./-]+){0,2}:\s+\S")  # "Datum: 15.10.2007", "Programm: …"
_BULLET_ONLY = {"•", "◦", "▪", "‣", "·", "-", "–", "*"}
_HYPHEN_KEEP = {"und", "oder", "bzw", "sowie", "bis"}


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip().lower())


def _strip_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Drop lines repeating at the top/bottom of at least half the pages, and bare page numbers."""
    if len(pages) >= 2:
        counts: Counter = Counter()
        for lines in pages:
            counts.update({_shape(line) for line in lines[:4] + lines[-3:]})
        running = {shape for shape, n in counts.items() if n >= max(2, (len(pages) + 1) // 2)}
    else:
        running = set()
    cleaned = []
    for lines in pages:
        edge = set(range(min(4, len(lines)))) | set(range(max(0, len(lines) - 3), len(lines)))
        cleaned.append([line for i, line in enumerate(lines)
                        if not (i in edge and (_shape(line) in running or _PAGE_NUMBER.match(line.strip())))])
    return cleaned


def reflow(lines: list[str]) -> str:
    """Join visual lines into paragraphs: a short line, a heading or a list item ends a paragraph."""
    lines = [line.strip() for line in lines]
    lengths = sorted(len(line) for line in lines if line)
    width = lengths[int(len(lengths) * 0.9)] if lengths else 80
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if not line:
            if current:
                paragraphs.append(current)
                current = ""
            continue
        if line in _BULLET_ONLY:  # the bullet on a line of its own, its text on the next
            if current:
                paragraphs.append(current)
            current = "-"
            continue
        starts_block = bool(_BULLET.match(line) or _HEADING.match(line) or _LABEL.match(line))
        if current and starts_block and current != "-":
            paragraphs.append(current)
            current = ""
        if current.endswith("-") and line[:1].islower() and line.split(" ", 1)[0].strip(",.") not in _HYPHEN_KEEP \
                and len(current) > 1 and current[-2].isalpha():
            current = current[:-1] + line  # a word hyphenated at the line end
        else:
            current = f"{current} {line}" if current else line
        ends_sentence = line.endswith((".", ":", "!", "?", "“", '"', ")"))
        is_heading = _HEADING.match(line) is not None and len(line) < 80 and not line.endswith(".")
        if len(line) < 0.75 * width and (ends_sentence or is_heading or len(line) < 0.5 * width):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return clean_whitespace("\n\n".join(paragraphs))


def pdf_date(value: Any) -> str | None:
    """``D:20071015090000+00'00'`` -> ``2007-10-15``."""
    match = re.match(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?", str(value or "").strip())
    if not match:
        return None
    year, month, day = match.groups()
    return "-".join(p for p in (year, month, day if month else None) if p)


def extract_pdf(data: bytes) -> Extracted:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FormatError("encrypted PDF")
        pages = [(page.extract_text() or "").splitlines() for page in reader.pages[:MAX_PDF_PAGES]]
        info = reader.metadata or {}
    except FormatError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on broken files
        raise FormatError(f"unreadable PDF: {exc}") from None
    text = reflow([line for page in _strip_running_lines(pages) for line in page + [""]])
    meta = {key: str(info.get(name)).strip() for key, name in
            (("title", "/Title"), ("programme", "/Subject"), ("field_of_action", "/Keywords"))
            if info.get(name) and str(info.get(name)).strip()}
    created = pdf_date(info.get("/CreationDate"))
    if created:
        meta["date"] = created
    title = meta.get("title") or _first_line(text)
    return Extracted(title, text, format_meta=meta)


# ------------------------------------------------------------------------------------------------ DOCX


def extract_docx(data: bytes) -> Extracted:
    import docx
    from docx.table import Table

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_DOCX_UNPACKED:
                raise FormatError(f"DOCX unpacks to more than {MAX_DOCX_UNPACKED} bytes")
        document = docx.Document(io.BytesIO(data))
    except FormatError:
        raise
    except Exception as exc:  # noqa: BLE001 - broken zips and XML raise many kinds
        raise FormatError(f"unreadable DOCX: {exc}") from None
    blocks: list[str] = []
    first_heading = ""
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = " ".join(cell.text.split())
                    if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                        cells.append(text)
                if cells:
                    blocks.append(" | ".join(cells))
            continue
        text = item.text.strip()
        if not text:
            continue
        style = (item.style.name if item.style is not None else "") or ""
        if style.startswith(("Heading", "Title", "Überschrift", "Titel")) and not first_heading:
            first_heading = text
        if style.startswith(("List", "Liste")):
            text = f"- {text}"
        blocks.append(text)
    props = document.core_properties
    meta = {key: str(value).strip() for key, value in
            (("title", props.title), ("programme", props.subject), ("field_of_action", props.keywords),
             ("doctype", props.category)) if value and str(value).strip()}
    if props.created is not None:
        meta["date"] = props.created.date().isoformat()
    text = clean_whitespace("\n\n".join(blocks))
    return Extracted(meta.get("title") or first_heading or _first_line(text), text, format_meta=meta)


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return ""
