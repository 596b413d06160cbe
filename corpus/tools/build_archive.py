#!/usr/bin/env python3
"""Re-generate the PDF and DOCX documents of the sample staff archive (maintainer tool).

The staff archive ``corpus/archive/`` holds invented department documents 2007–2025 in four formats.
HTML and TXT documents are written by hand directly in ``corpus/archive/``. PDF and DOCX documents are
binary, so their text lives in ``corpus/tools/archive_src/*.md`` and this script renders them; the
generated files are committed, so neither the product nor its tests need this script or its libraries.

Run it only after editing a source (it is NOT needed at run time of the product):

    python3 -m venv /tmp/archvenv
    /tmp/archvenv/bin/pip install reportlab python-docx pypdf
    /tmp/archvenv/bin/python corpus/tools/build_archive.py            # build all sources
    /tmp/archvenv/bin/python corpus/tools/build_archive.py --check    # build, then read back and verify
    /tmp/archvenv/bin/python corpus/tools/build_archive.py SRC.md ... # build only these sources

Output is reproducible: the PDF creation date and every DOCX zip timestamp are the document's date,
so re-running the script on unchanged sources gives byte-identical files.

Source format (UTF-8): a front matter between ``---`` lines, then the body.

    ---
    file: 2009-02-10_beschlussvorlage_juze-truck-fahrzeug.pdf   (output name; .pdf or .docx)
    title: Anschaffung eines Fahrzeugs für den Juze-Truck
    date: 2009-02-10
    programme: Städtisch                       (-> PDF /Subject, DOCX subject, "Programm:" line)
    field: Jugend                              (-> PDF /Keywords, DOCX keywords, "Handlungsfeld:" line)
    doctype: Beschlussvorlage                  (-> DOCX category, "Dokumentart:" line)
    layout: portrait                           (portrait | slides; slides = one landscape page per "# ")
    meta: Vorlagennummer: 502/014/2009         (optional, repeatable: extra lines of the header block)
    ---

Body: ``#``/``##``/``###`` headings, ``- `` bullets, ``1. `` numbered items, ``| a | b |`` tables (first
row = header, ``|---|`` rows are skipped), ``\\pagebreak`` on its own line, ``**bold**`` inline, blank
lines between paragraphs. Every document gets the visible header block required by corpus/SCHEMA.md:
``Datum: TT.MM.JJJJ``, ``Programm: …``, ``Handlungsfeld: …``, ``Dokumentart: …`` (plus ``meta`` lines).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
SRC_DIR = HERE / "archive_src"
OUT_DIR = HERE.parent / "archive"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
ORG_LINE_1 = "Stadt Kaufbeuren"
ORG_LINE_2 = "Abteilung 502 – Kaufbeuren-aktiv, Bildungsbüro"
AUTHOR = "Stadt Kaufbeuren, Abteilung 502 Kaufbeuren-aktiv"
NAME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}_[a-z]+_[a-z0-9-]+\.(pdf|docx)$")
DOCTYPES = {"Beschlussvorlage", "Jahresbericht", "Abschlussbericht", "Förderantrag", "Präsentation",
            "Newsletter", "Protokoll", "Konzept", "Sachstandsbericht", "Evaluation"}
FIELDS = {"Jugend", "Senioren", "Integration", "Familie", "Kultur", "Ehrenamt", "Vereine", "Europa",
          "Bildung", "Sozialraum", "Gesundheit", "Demokratie"}


# ------------------------------------------------------------------------------------------ parsing


@dataclass
class Block:
    kind: str  # h1 h2 h3 p bullet number table pagebreak
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Source:
    path: Path
    file: str
    title: str
    date: dt.date
    programme: str
    field: str
    doctype: str
    layout: str
    meta: list[str]
    blocks: list[Block]

    def header_lines(self) -> list[str]:
        return [f"Datum: {self.date:%d.%m.%Y}", f"Programm: {self.programme}",
                f"Handlungsfeld: {self.field}", f"Dokumentart: {self.doctype}", *self.meta]


def parse_source(path: Path) -> Source:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S)
    if not match:
        raise ValueError(f"{path.name}: missing front matter")
    front: dict[str, str] = {}
    meta: list[str] = []
    for line in match.group(1).splitlines():
        if not line.strip():
            continue
        key, _, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if key == "meta":
            meta.append(value)
        else:
            front[key] = value
    missing = {"file", "title", "date", "programme", "field", "doctype"} - front.keys()
    if missing:
        raise ValueError(f"{path.name}: front matter lacks {sorted(missing)}")
    date = dt.date.fromisoformat(front["date"])
    if not NAME_RE.match(front["file"]) or not front["file"].startswith(front["date"]):
        raise ValueError(f"{path.name}: bad output name {front['file']!r}")
    if front["doctype"] not in DOCTYPES:
        raise ValueError(f"{path.name}: unknown doctype {front['doctype']!r}")
    if front["field"] not in FIELDS:
        raise ValueError(f"{path.name}: unknown field {front['field']!r}")
    return Source(path, front["file"], front["title"], date, front["programme"], front["field"],
                  front["doctype"], front.get("layout", "portrait"), meta, parse_body(match.group(2)))


def parse_body(body: str) -> list[Block]:
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Block("p", " ".join(s.strip() for s in para)))
            para.clear()

    for raw in body.splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if stripped == "\\pagebreak":
            flush()
            blocks.append(Block("pagebreak"))
            continue
        heading = re.match(r"^(#{1,3})\s+(.*)$", stripped)
        if heading:
            flush()
            blocks.append(Block(f"h{len(heading.group(1))}", heading.group(2).strip()))
            continue
        if stripped.startswith("|"):
            flush()
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if all(re.fullmatch(r":?-{2,}:?", c) for c in cells):
                continue
            if blocks and blocks[-1].kind == "table":
                blocks[-1].rows.append(cells)
            else:
                blocks.append(Block("table", rows=[cells]))
            continue
        bullet = re.match(r"^-\s+(.*)$", stripped)
        if bullet:
            flush()
            blocks.append(Block("bullet", bullet.group(1)))
            continue
        number = re.match(r"^\d+[.)]\s+(.*)$", stripped)
        if number:
            flush()
            blocks.append(Block("number", number.group(1)))
            continue
        if raw.startswith("  ") and blocks and blocks[-1].kind in ("bullet", "number") and not para:
            blocks[-1].text += " " + stripped  # continuation line of a list item
            continue
        para.append(stripped)
    flush()
    return blocks


def bold_spans(text: str) -> list[tuple[str, bool]]:
    parts = re.split(r"\*\*(.+?)\*\*", text)
    return [(part, i % 2 == 1) for i, part in enumerate(parts) if part]


# ---------------------------------------------------------------------------------------------- PDF


def _register_fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
            from reportlab.lib.fonts import addMapping
            addMapping("DejaVuSans", 0, 0, "DejaVuSans")
            addMapping("DejaVuSans", 1, 0, "DejaVuSans-Bold")
        return "DejaVuSans", "DejaVuSans-Bold"
    return "Helvetica", "Helvetica-Bold"  # Latin-1 covers German umlauts and ß


def _inline(text: str) -> str:
    return "".join(f"<b>{escape(t)}</b>" if b else escape(t) for t, b in bold_spans(text))


def build_pdf(src: Source) -> bytes:
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (KeepTogether, ListFlowable, ListItem, PageBreak, Paragraph,
                                    SimpleDocTemplate, Spacer, Table, TableStyle)

    rl_config.invariant = 1
    epoch = dt.datetime.combine(src.date, dt.time(9, 0), tzinfo=dt.timezone.utc).timestamp()
    os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch))
    font, font_bold = _register_fonts()
    slides = src.layout == "slides"
    pagesize = landscape(A4) if slides else A4
    accent = colors.HexColor("#00607a")
    size = 15 if slides else 10
    s_body = ParagraphStyle("body", fontName=font, fontSize=size, leading=size * 1.35, spaceAfter=size * 0.6,
                            alignment=TA_LEFT)
    s_small = ParagraphStyle("small", parent=s_body, fontSize=8.5, leading=11, spaceAfter=0)
    s_meta = ParagraphStyle("meta", parent=s_body, fontSize=size - 1 if not slides else 11,
                            leading=(size - 1) * 1.3 if not slides else 14, spaceAfter=0)
    s_title = ParagraphStyle("title", parent=s_body, fontName=font_bold, fontSize=30 if slides else 16,
                             leading=36 if slides else 20, textColor=accent, spaceAfter=12)
    s_h1 = ParagraphStyle("h1", parent=s_body, fontName=font_bold, fontSize=24 if slides else 12.5,
                          leading=29 if slides else 16, textColor=accent, spaceBefore=0 if slides else 10,
                          spaceAfter=14 if slides else 5)
    s_h2 = ParagraphStyle("h2", parent=s_body, fontName=font_bold, fontSize=18 if slides else 11,
                          leading=22 if slides else 14, spaceBefore=8, spaceAfter=4)
    s_h3 = ParagraphStyle("h3", parent=s_h2, fontSize=16 if slides else 10, leading=20 if slides else 13)
    s_cell = ParagraphStyle("cell", parent=s_body, fontSize=size - 1.5, leading=(size - 1.5) * 1.25, spaceAfter=0)
    s_cell_b = ParagraphStyle("cellb", parent=s_cell, fontName=font_bold)

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        width, height = pagesize
        if slides:
            canvas.setFillColor(accent)
            canvas.rect(0, height - 0.6 * cm, width, 0.6 * cm, stroke=0, fill=1)
            canvas.setFont(font, 9)
            canvas.setFillColor(colors.grey)
            canvas.drawString(1.5 * cm, 0.8 * cm, f"Kaufbeuren-aktiv · {src.title}")
            canvas.drawRightString(width - 1.5 * cm, 0.8 * cm, f"Folie {doc.page}")
        else:
            canvas.setFont(font_bold, 9)
            canvas.setFillColor(accent)
            canvas.drawString(2 * cm, height - 1.3 * cm, ORG_LINE_1)
            canvas.setFont(font, 8.5)
            canvas.drawString(2 * cm, height - 1.75 * cm, ORG_LINE_2)
            canvas.setStrokeColor(accent)
            canvas.line(2 * cm, height - 1.95 * cm, width - 2 * cm, height - 1.95 * cm)
            canvas.setFillColor(colors.grey)
            canvas.setFont(font, 8)
            canvas.drawString(2 * cm, 1.2 * cm, f"{src.doctype} vom {src.date:%d.%m.%Y}")
            canvas.drawRightString(width - 2 * cm, 1.2 * cm, f"Seite {doc.page}")
        canvas.restoreState()

    story: list = []
    if slides:
        story.append(Spacer(1, 3 * cm))
        story.append(Paragraph(_inline(src.title), s_title))
        story.append(Paragraph(f"{ORG_LINE_1} · {escape(ORG_LINE_2)}", s_meta))
        story.append(Spacer(1, 0.8 * cm))
        story.extend(Paragraph(escape(line), s_meta) for line in src.header_lines())
    else:
        story.append(Paragraph(_inline(src.title), s_title))
        story.extend(Paragraph(escape(line), s_meta) for line in src.header_lines())
        story.append(Spacer(1, 0.5 * cm))

    pending_list: list[tuple[str, str]] = []

    def flush_list() -> None:
        if not pending_list:
            return
        numbered = pending_list[0][0] == "number"
        items = [ListItem(Paragraph(_inline(t), s_body), leftIndent=18 if not slides else 26) for _, t in pending_list]
        story.append(ListFlowable(items, bulletType="1" if numbered else "bullet", start=None if numbered else "•",
                                  bulletFontName=font, leftIndent=18 if not slides else 26,
                                  bulletFontSize=size))
        pending_list.clear()

    for block in src.blocks:
        if block.kind in ("bullet", "number"):
            if pending_list and pending_list[-1][0] != block.kind:
                flush_list()
            pending_list.append((block.kind, block.text))
            continue
        flush_list()
        if block.kind == "h1":
            if slides:
                story.append(PageBreak())
            story.append(Paragraph(_inline(block.text), s_h1))
        elif block.kind == "h2":
            story.append(Paragraph(_inline(block.text), s_h2))
        elif block.kind == "h3":
            story.append(Paragraph(_inline(block.text), s_h3))
        elif block.kind == "p":
            story.append(Paragraph(_inline(block.text), s_body))
        elif block.kind == "pagebreak":
            story.append(PageBreak())
        elif block.kind == "table":
            data = [[Paragraph(_inline(c), s_cell_b if r == 0 else s_cell) for c in row]
                    for r, row in enumerate(block.rows)]
            avail = pagesize[0] - (3 * cm if slides else 4 * cm)
            ncols = max(len(r) for r in block.rows)
            widths = [avail * 0.34] + [avail * 0.66 / (ncols - 1)] * (ncols - 1) if ncols > 1 else [avail]
            table = Table(data, colWidths=widths, repeatRows=1)
            table.setStyle(TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dcebf0")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]))
            story.append(KeepTogether([table, Spacer(1, 0.3 * cm)]))
    flush_list()

    buf = io.BytesIO()
    margins = dict(leftMargin=1.5 * cm, rightMargin=1.5 * cm, topMargin=1.4 * cm, bottomMargin=1.5 * cm) if slides \
        else dict(leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2.5 * cm, bottomMargin=2 * cm)
    doc = SimpleDocTemplate(buf, pagesize=pagesize, title=src.title, subject=src.programme, keywords=src.field,
                            author=AUTHOR, creator="Kaufbeuren-aktiv Archiv (build_archive.py)", lang="de-DE",
                            **margins)
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    return buf.getvalue()


# --------------------------------------------------------------------------------------------- DOCX


def build_docx(src: Source) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    section = document.sections[0]
    head = section.header.paragraphs[0]
    head.text = f"{ORG_LINE_1} · {ORG_LINE_2}"
    head.runs[0].font.size = Pt(8)
    head.runs[0].font.color.rgb = RGBColor(0x00, 0x60, 0x7A)
    foot = section.footer.paragraphs[0]
    foot.text = f"{src.doctype} vom {src.date:%d.%m.%Y}"
    foot.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    foot.runs[0].font.size = Pt(8)

    document.add_heading(src.title, level=0)
    for line in src.header_lines():
        para = document.add_paragraph(style="No Spacing")
        label, sep, value = line.partition(": ")
        if sep:
            para.add_run(label + ": ").bold = True
            para.add_run(value)
        else:
            para.add_run(line)
    document.add_paragraph()

    def add_runs(para, text: str) -> None:
        for chunk, bold in bold_spans(text):
            run = para.add_run(chunk)
            run.bold = bold or None

    for block in src.blocks:
        if block.kind in ("h1", "h2", "h3"):
            document.add_heading(block.text.replace("**", ""), level=int(block.kind[1]))
        elif block.kind == "p":
            add_runs(document.add_paragraph(), block.text)
        elif block.kind == "bullet":
            add_runs(document.add_paragraph(style="List Bullet"), block.text)
        elif block.kind == "number":
            add_runs(document.add_paragraph(style="List Number"), block.text)
        elif block.kind == "pagebreak":
            document.add_page_break()
        elif block.kind == "table":
            ncols = max(len(r) for r in block.rows)
            table = document.add_table(rows=0, cols=ncols)
            table.style = document.styles["Light Grid Accent 1"]
            for r, row in enumerate(block.rows):
                cells = table.add_row().cells
                for c in range(ncols):
                    cells[c].text = row[c] if c < len(row) else ""
                    if r == 0:
                        for run in cells[c].paragraphs[0].runs:
                            run.bold = True
            document.add_paragraph()

    stamp = dt.datetime.combine(src.date, dt.time(9, 0))
    props = document.core_properties
    props.title = src.title
    props.subject = src.programme
    props.keywords = src.field
    props.category = src.doctype
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.comments = "; ".join(src.header_lines()[:4])
    props.language = "de-DE"
    props.created = stamp
    props.modified = stamp
    props.revision = 1

    raw = io.BytesIO()
    document.save(raw)
    # Rewrite the zip with fixed timestamps so rebuilding unchanged sources gives identical bytes.
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            zout.writestr(fixed, zin.read(info.filename))
    return out.getvalue()


# ------------------------------------------------------------------------------------------- checks


def check(src: Source, path: Path) -> list[str]:
    """Read the built file back: the header lines, metadata and the umlauts must survive."""
    problems: list[str] = []
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(str(path))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        info = reader.metadata or {}
        expect = {"/Title": src.title, "/Subject": src.programme, "/Keywords": src.field}
        for key, value in expect.items():
            if info.get(key) != value:
                problems.append(f"PDF info {key} = {info.get(key)!r}, expected {value!r}")
        if not str(info.get("/CreationDate", "")).startswith(f"D:{src.date:%Y%m%d}"):
            problems.append(f"PDF /CreationDate {info.get('/CreationDate')!r}")
        pages = len(reader.pages)
    else:
        import docx

        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            parts.extend(cell.text for row in table.rows for cell in row.cells)
        text = "\n".join(parts)
        props = document.core_properties
        for key, value in (("title", src.title), ("subject", src.programme), ("keywords", src.field),
                           ("category", src.doctype)):
            if getattr(props, key) != value:
                problems.append(f"DOCX {key} = {getattr(props, key)!r}, expected {value!r}")
        if props.created is None or props.created.date() != src.date:
            problems.append(f"DOCX created {props.created!r}")
        pages = None
    for line in src.header_lines()[:4]:
        if line not in text:
            problems.append(f"header line {line!r} not found in extracted text")
    source_text = src.path.read_text(encoding="utf-8")
    for ch in "äöüÄÖÜß":
        if ch in source_text and ch not in text:
            problems.append(f"umlaut {ch!r} lost in extraction")
    if "\ufffd" in text:
        problems.append("replacement character in extracted text")
    words = len(re.findall(r"\w+", text))
    print(f"  ok  {path.name}: {words} words" + (f", {pages} pages" if pages else "")
          if not problems else f"  FAIL {path.name}: " + "; ".join(problems))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="*", type=Path, help="source .md files (default: all)")
    parser.add_argument("--check", action="store_true", help="read every built file back and verify it")
    args = parser.parse_args(argv)
    paths = args.sources or sorted(SRC_DIR.glob("*.md"))
    failures = 0
    names: set[str] = set()
    for path in paths:
        src = parse_source(path)
        if src.file in names:
            raise ValueError(f"duplicate output name {src.file}")
        names.add(src.file)
        data = build_pdf(src) if src.file.endswith(".pdf") else build_docx(src)
        out = OUT_DIR / src.file
        out.write_bytes(data)
        if args.check:
            failures += bool(check(src, out))
        else:
            print(f"  wrote {out.relative_to(HERE.parent.parent)}")
    print(f"{len(paths)} documents built" + (f", {failures} failed checks" if args.check else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
