"""Checks of the bundled sample corpus: data, static portal, archive and evaluation labels.

See ``corpus/SCHEMA.md`` for the data contract. Everything here reads files only (the portal build runs
once more into a temporary folder to prove that ``corpus/site/`` is up to date); no network.
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
import sys
import urllib.robotparser
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DATA = CORPUS / "data"
SITE = CORPUS / "site"
ARCHIVE = CORPUS / "archive"
EVAL = CORPUS / "eval"
SEEDS = ROOT.parent / "shared" / "seeds"
BUILD = CORPUS / "tools" / "build_site.py"
BASE = "https://www.kaufbeuren-aktiv.example"
SITE_HOST = urlsplit(BASE).netloc

KIND_DIRS = {"club": "vereine", "opportunity": "ehrenamt", "project": "projekte"}
KIND_PREFIX = {"club": "verein-", "opportunity": "ehrenamt-", "project": "projekt-"}
JSONLD_TYPES = {"club": {"SportsClub", "NGO"}, "opportunity": {"JobPosting"}, "project": {"Project"}}
MIN_COUNTS = {"club": 150, "opportunity": 60, "project": 40}
QUERY_KINDS = {"keyword", "paraphrase", "compound", "typo", "multi", "constraint", "crosslingual"}
QUERY_LANGS = {"de", "en", "tr", "ar", "uk", "ru"}
ARCHIVE_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})_[a-z0-9-]+_[a-z0-9-]+\.(pdf|docx|html|txt)$")
SEED_NAME = re.compile(r"^\d{3}_[0-9a-f]{16}\.\w+$")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})")
ALLOWED_MAIL_DOMAINS = ("example.org", "example.com")
FICTION_PHONE = re.compile(r"^089 99998 \d{3}$")
PHONE_LIKE = re.compile(r"(?<![\d,.])(?:\+49[\s-]?|0)[1-9]\d{1,4}[\s/-]?\d{3,8}(?:[\s-]\d{1,5})?(?![\d,.]?\d)")
TEXT_SUFFIXES = {".html", ".htm", ".txt", ".jsonl", ".json", ".md", ".xml", ".csv", ".css", ".js", ".py"}
DETAIL_PROPERTIES = ["Kategorie", "Stadtteil", "Zielgruppen", "Alter", "Zeiten", "Wochentage", "Tageszeit",
                     "Turnus", "Barrierefrei", "Barrierefreiheit", "Sprachen", "Kosten"]
KIND_PROPERTIES = {"club": [], "opportunity": ["Rolle", "Organisation", "Zeitaufwand"],
                   "project": ["Förderprogramm", "Laufzeit", "Status", "Handlungsfeld"]}
# data field that must be non-empty for a property to be required
PROPERTY_SOURCE = {"Kategorie": "category", "Stadtteil": "district", "Zielgruppen": "target_groups",
                   "Alter": None, "Zeiten": "times", "Wochentage": "weekdays", "Tageszeit": "time_of_day",
                   "Turnus": "frequency", "Barrierefrei": "barrier_free", "Barrierefreiheit": "accessibility",
                   "Sprachen": "languages", "Kosten": "fee", "Rolle": "role", "Organisation": "organisation",
                   "Zeitaufwand": "time_needed", "Förderprogramm": "programme", "Laufzeit": "years",
                   "Status": "status", "Handlungsfeld": "field_of_action"}


# ------------------------------------------------------------------------------------------ loading


def read_jsonl(path: Path) -> list[dict]:
    records = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if line.strip():
                try:
                    records.append(json.loads(line))
                except ValueError as exc:  # pragma: no cover - reported as a failure
                    pytest.fail(f"{path.name}:{number}: invalid JSON: {exc}")
    return records


@functools.lru_cache(maxsize=None)
def entries() -> tuple[dict, ...]:
    out: list[dict] = []
    for path in sorted(DATA.glob("*.jsonl")):
        out.extend(read_jsonl(path))
    return tuple(out)


def entries_by_id() -> dict[str, dict]:
    return {x["id"]: x for x in entries() if isinstance(x.get("id"), str)}


def archive_files() -> list[Path]:
    if not ARCHIVE.is_dir():
        return []
    return sorted(p for p in ARCHIVE.iterdir() if p.is_file() and not p.name.startswith("."))


def seed_names() -> set[str] | None:
    if not SEEDS.is_dir():
        return None
    return {p.name for p in SEEDS.iterdir() if p.is_file()}


def site_html_files() -> list[Path]:
    return sorted(SITE.rglob("*.html")) if SITE.is_dir() else []


def detail_files() -> list[Path]:
    files = []
    for kind, folder in KIND_DIRS.items():
        files.extend(p for p in sorted((SITE / folder).glob("*.html")) if p.stem.startswith(KIND_PREFIX[kind]))
    return files


@functools.lru_cache(maxsize=None)
def soup_of(path: Path):
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_bytes(), "lxml", from_encoding="utf-8")


@functools.lru_cache(maxsize=None)
def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    parts = [page.extract_text() or "" for page in reader.pages]
    meta = reader.metadata or {}
    parts.extend(str(v) for v in meta.values())
    return "\n".join(parts)


@functools.lru_cache(maxsize=None)
def docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        for part in (section.header, section.footer):
            parts.extend(p.text for p in part.paragraphs)
    props = document.core_properties
    parts.extend(str(getattr(props, name) or "") for name in
                 ("author", "title", "subject", "keywords", "comments", "last_modified_by", "category"))
    return "\n".join(parts)


def norm(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def require_site() -> None:
    if not (SITE / "index.html").is_file():
        pytest.fail("corpus/site/ has not been built: run `python3 corpus/tools/build_site.py`")


# ------------------------------------------------------------------------------------ (a) counts


def test_data_records_are_well_formed():
    assert entries(), "corpus/data/*.jsonl holds no records"
    ids = Counter(x.get("id") for x in entries())
    duplicates = sorted(i for i, n in ids.items() if n > 1)
    assert not duplicates, f"duplicate ids: {duplicates}"
    problems = []
    for x in entries():
        kind = x.get("kind")
        if kind not in KIND_DIRS:
            problems.append(f"{x.get('id')}: unknown kind {kind!r}")
        elif not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", str(x.get("id"))) or not x["id"].startswith(
                KIND_PREFIX[kind]):
            problems.append(f"{x.get('id')}: id is not a {KIND_PREFIX[kind]}… slug")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("kind", sorted(MIN_COUNTS))
def test_enough_entries_in_data(kind):
    n = sum(1 for x in entries() if x.get("kind") == kind)
    assert n >= MIN_COUNTS[kind], f"only {n} {kind} entries in corpus/data (need {MIN_COUNTS[kind]})"


@pytest.mark.parametrize("kind", sorted(MIN_COUNTS))
def test_enough_detail_pages_in_site(kind):
    require_site()
    pages = [p for p in detail_files() if p.parent.name == KIND_DIRS[kind]]
    assert len(pages) >= MIN_COUNTS[kind], f"only {len(pages)} {kind} detail pages (need {MIN_COUNTS[kind]})"


def test_every_entry_has_exactly_one_detail_page():
    require_site()
    expected = {f"{KIND_DIRS[x['kind']]}/{x['id']}.html" for x in entries() if x.get("kind") in KIND_DIRS}
    present = {p.relative_to(SITE).as_posix() for p in detail_files()}
    assert not expected - present, f"entries without a page: {sorted(expected - present)[:10]}"
    assert not present - expected, f"pages without an entry (stale site?): {sorted(present - expected)[:10]}"


def test_archive_documents():
    seeds = seed_names() or set()
    files = [p for p in archive_files() if p.name not in seeds]
    bad_names = [p.name for p in files if not ARCHIVE_NAME.match(p.name)]
    assert not bad_names, f"archive files not named YYYY-MM-DD_<doctype>_<slug>.<ext>: {bad_names}"
    assert len(files) >= 40, f"only {len(files)} archive documents besides the seeds (need 40)"
    suffixes = Counter(p.suffix for p in files)
    for ext in (".pdf", ".docx", ".html", ".txt"):
        assert suffixes[ext] >= 1, f"no {ext} document in corpus/archive"
    for p in files:
        y, m, d, _ = ARCHIVE_NAME.match(p.name).groups()
        try:
            day = date(int(y), int(m), int(d))
        except ValueError:
            pytest.fail(f"{p.name}: invalid date in file name")
        assert 2007 <= day.year <= 2025, f"{p.name}: dated outside 2007–2025"


def test_archive_pdfs_have_a_text_layer():
    pdfs = [p for p in archive_files() if p.suffix == ".pdf"]
    if not pdfs:
        pytest.fail("no PDF in corpus/archive")
    thin = []
    for p in pdfs:
        from pypdf import PdfReader

        text = "".join(page.extract_text() or "" for page in PdfReader(str(p)).pages)
        if len(text.strip()) < 200:
            thin.append(f"{p.name}: {len(text.strip())} characters")
    assert not thin, "PDFs without a text layer: " + "; ".join(thin)


def test_archive_docx_and_html_open():
    for p in archive_files():
        if p.suffix == ".docx":
            assert len(docx_text(p).strip()) >= 200, f"{p.name}: DOCX with (almost) no text"
        elif p.suffix in (".html", ".txt"):
            text = p.read_text(encoding="utf-8")
            assert len(text.strip()) >= 200, f"{p.name}: (almost) empty"


# ---------------------------------------------------------------------------- (b) evaluation labels


def check_queries(path: Path, minimum: int, valid_key) -> list[dict]:
    assert path.is_file(), f"{path.relative_to(ROOT)} is missing"
    queries = read_jsonl(path)
    assert len(queries) >= minimum, f"{path.name}: only {len(queries)} queries (need {minimum})"
    ids = Counter(q.get("id") for q in queries)
    assert not [i for i, n in ids.items() if n > 1], f"{path.name}: duplicate query ids"
    problems = []
    for q in queries:
        qid = q.get("id")
        if not isinstance(qid, str) or not qid:
            problems.append(f"query without id: {q}")
        if not isinstance(q.get("query"), str) or not q["query"].strip():
            problems.append(f"{qid}: empty query")
        if q.get("lang") not in QUERY_LANGS:
            problems.append(f"{qid}: lang {q.get('lang')!r} not in {sorted(QUERY_LANGS)}")
        relevant = q.get("relevant")
        if not isinstance(relevant, dict) or not relevant:
            problems.append(f"{qid}: no relevant documents")
            continue
        for key, value in relevant.items():
            if value not in (1, 2) or isinstance(value, bool):
                problems.append(f"{qid}: relevance {value!r} for {key} not 1 or 2")
            verdict = valid_key(key)
            if verdict is False:
                problems.append(f"{qid}: label {key!r} points to nothing")
    assert not problems, f"{path.name}:\n" + "\n".join(problems[:30])
    return queries


def test_citizen_queries():
    known = entries_by_id()
    queries = check_queries(EVAL / "queries.jsonl", 200, lambda key: key in known)
    foreign = [q for q in queries if q.get("lang") != "de"]
    assert len(foreign) >= 40, f"only {len(foreign)} non-German queries (need 40)"
    missing_langs = (QUERY_LANGS - {"de"}) - {q.get("lang") for q in foreign}
    assert not missing_langs, f"no queries in {sorted(missing_langs)}"
    kinds = {q.get("kind") for q in queries}
    assert not QUERY_KINDS - kinds, f"query kinds missing: {sorted(QUERY_KINDS - kinds)}"
    unknown = kinds - QUERY_KINDS
    assert not unknown, f"unknown query kinds: {sorted(unknown)}"
    assert all(q.get("kind") != "crosslingual" or q.get("lang") != "de" for q in queries), \
        "crosslingual queries must not be German"


def test_citizen_labels_are_the_assessment():
    """queries.jsonl's labels are what the recorded blind re-assessment graded (corpus/eval/ASSESSMENT.md):
    every candidate graded 1 or 2 and every entry added, nothing else."""
    labels = {q["id"]: q["relevant"] for q in read_jsonl(EVAL / "queries.jsonl")}
    record = {r["id"]: r for r in read_jsonl(EVAL / "assessment.jsonl")}
    assert set(record) == set(labels)
    for qid, r in record.items():
        graded = {i: g for i, g in r["grades"].items() if g} | {i: g for i, g in r["added"].items() if g}
        assert labels[qid] == graded, qid
        assert set(r["labels_before"]) <= set(r["grades"]), f"{qid}: an old label was not put to the assessor"
        assert all(i in r["why"] for i in graded), f"{qid}: a label without the assessor's reason"


def _assessment_tool():
    """corpus/tools/assessment.py as a module (a script, not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("assessment_tool", CORPUS / "tools" / "assessment.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


def test_deepened_assessment_adds_new_grades_and_keeps_earlier_labels(tmp_path):
    """corpus/tools/assessment.py apply-deepened: entries the ranking newly shows get graded; 1s and 2s join
    the labels with the assessor's reason, earlier labels stay, re-graded entries only count agreement."""
    tool = _assessment_tool()
    ids = sorted(entries_by_id())[:4]
    write = lambda path, rows: path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")  # noqa: E731
    write(tmp_path / "q.jsonl", [{"id": "q1", "query": "x", "lang": "de", "kind": "keyword", "relevant": {ids[0]: 2}}])
    write(tmp_path / "r.jsonl", [{"id": "q1", "query": "x", "labels_before": {}, "grades": {ids[0]: 2, ids[1]: 0},
                                  "added": {}, "why": {ids[0]: "fits"}}])
    write(tmp_path / "key.jsonl", [{"id": "q1", "new": [ids[2], ids[3]], "regraded": {ids[0]: 2, ids[1]: 0}}])
    judged = {"id": "q1", "grades": {ids[0]: 2, ids[1]: 1, ids[2]: 1, ids[3]: 0}, "why": {ids[2]: "partly"}}
    write(tmp_path / "j.jsonl", [judged])
    tool.apply_deepened([tmp_path / "j.jsonl"], tmp_path / "key.jsonl", tmp_path / "q.jsonl", tmp_path / "r.jsonl")
    assert read_jsonl(tmp_path / "q.jsonl")[0]["relevant"] == {ids[0]: 2, ids[2]: 1}  # ids[1] stays unlabelled
    record = read_jsonl(tmp_path / "r.jsonl")[0]
    assert record["grades"] == {ids[0]: 2, ids[1]: 0, ids[2]: 1, ids[3]: 0} and record["deepened"] == ids[2:]
    judged["why"] = {}  # a relevant grade without a reason is refused
    write(tmp_path / "j.jsonl", [judged])
    write(tmp_path / "r.jsonl", [{"id": "q1", "query": "x", "labels_before": {}, "grades": {ids[0]: 2, ids[1]: 0},
                                  "added": {}, "why": {ids[0]: "fits"}}])
    with pytest.raises(SystemExit):
        tool.apply_deepened([tmp_path / "j.jsonl"], tmp_path / "key.jsonl", tmp_path / "q.jsonl", tmp_path / "r.jsonl")


def test_translated_wishes_take_their_source_s_new_labels(tmp_path):
    tool = _assessment_tool()
    (tmp_path / "w.jsonl").write_text(json.dumps({"id": "t1", "query": "x", "relevant": {"a": 2, "b": 1}}) + "\n")
    (tmp_path / "t.jsonl").write_text(json.dumps({"id": "t1-ru", "query": "y", "relevant": {"a": 2},
                                                  "translated_from": "t1"}) + "\n")
    tool.sync_translations(tmp_path / "t.jsonl", tmp_path / "w.jsonl")
    assert read_jsonl(tmp_path / "t.jsonl")[0]["relevant"] == {"a": 2, "b": 1}


def test_training_wishes_are_graded_and_apart_from_the_evaluation():
    """corpus/train/ (the tuned model's training wishes, corpus/train/README.md): labels are the recorded
    blind grades, and no wish or id is one of the evaluation set's."""
    train = CORPUS / "train"
    wishes = check_queries(train / "wishes.jsonl", 400, lambda key: key in entries_by_id())
    record = {r["id"]: r for r in read_jsonl(train / "assessment.jsonl")}
    assert set(record) == {w["id"] for w in wishes}
    for w in wishes:
        r = record[w["id"]]
        graded = {i: g for i, g in r["grades"].items() if g} | {i: g for i, g in r["added"].items() if g}
        assert w["relevant"] == graded, w["id"]
        assert set(r["labels_before"]) <= set(r["grades"]), f"{w['id']}: a writer's label was not graded"
    evaluation = read_jsonl(EVAL / "queries.jsonl")
    assert not {w["id"] for w in wishes} & {q["id"] for q in evaluation}
    normalise = lambda text: " ".join(re.findall(r"\w+", text.casefold()))  # noqa: E731
    assert not {normalise(w["query"]) for w in wishes} & {normalise(q["query"]) for q in evaluation}
    assert {w["kind"] for w in wishes} == QUERY_KINDS and {w["lang"] for w in wishes} == QUERY_LANGS


def test_translated_training_wishes_keep_their_source_s_labels():
    """corpus/train/translated.jsonl: German training wishes written again in another language (README
    there); the meaning is the same, so the labels are the German wish's."""
    train = CORPUS / "train"
    source = {w["id"]: w for w in read_jsonl(train / "wishes.jsonl")}
    translated = check_queries(train / "translated.jsonl", 300, lambda key: key in entries_by_id())
    for t in translated:
        original = source[t["translated_from"]]
        assert original["lang"] == "de" and t["lang"] != "de" and t["kind"] == "crosslingual", t["id"]
        assert t["relevant"] == original["relevant"] and t["id"] == f"{original['id']}-{t['lang']}"
    normalise = lambda text: " ".join(re.findall(r"\w+", text.casefold()))  # noqa: E731
    evaluation = {normalise(q["query"]) for q in read_jsonl(EVAL / "queries.jsonl")}
    assert not {normalise(t["query"]) for t in translated} & evaluation
    assert {t["lang"] for t in translated} == QUERY_LANGS - {"de"}


def test_archive_queries():
    archive = {p.name for p in archive_files()}
    seeds = seed_names()

    def valid(key: str) -> bool | None:
        if key in archive or (seeds is not None and key in seeds):
            return True
        if seeds is None and SEED_NAME.match(key):
            return None  # a seed document, and the seeds are not on this machine: cannot check
        return False

    queries = check_queries(EVAL / "archive_queries.jsonl", 40, valid)
    kinds = {q.get("kind") for q in queries}
    assert kinds == {"archive"}, f"archive queries must have kind 'archive', found {sorted(kinds)}"


# ------------------------------------------------------------------------------------ (c) the portal


def test_every_page_is_valid_html5():
    import html5lib

    require_site()
    parser = html5lib.HTMLParser(strict=True)
    errors = []
    for path in site_html_files():
        try:
            parser.parse(path.read_bytes(), transport_encoding="utf-8")
        except Exception as exc:  # html5lib.html5parser.ParseError
            errors.append(f"{path.relative_to(SITE)}: {exc} {parser.errors[-1:] if parser.errors else ''}")
    assert not errors, "invalid HTML5:\n" + "\n".join(errors[:20])


def test_every_page_has_frame_and_canonical():
    require_site()
    problems = []
    details = set(detail_files())
    for path in site_html_files():
        rel = path.relative_to(SITE).as_posix()
        soup = soup_of(path)
        where = f"{rel}: "
        if soup.html.get("lang") != "de":
            problems.append(where + 'no lang="de"')
        if not soup.find("meta", charset=re.compile("utf-8", re.I)):
            problems.append(where + "no meta charset utf-8")
        canon = soup.find("link", rel="canonical")
        url_path = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        if not canon or canon.get("href") != f"{BASE}/{url_path}":
            problems.append(where + f"canonical {canon.get('href') if canon else None!r} != {BASE}/{url_path}")
        robots = soup.find("meta", attrs={"name": "robots"})
        robots = (robots.get("content") or "") if robots else ""
        is_detail = path in details
        if is_detail and "noindex" in robots:
            problems.append(where + "detail page is noindex")
        if (rel.endswith("index.html") or "seite-" in rel or "/kategorie/" in rel or rel.startswith(
                ("stadtteile/", "admin/")) or rel in ("impressum.html", "datenschutz.html", "kontakt.html")) \
                and "noindex" not in robots:
            problems.append(where + "listing/service page without noindex")
        for selector in ("a.skip-link", "header nav", "div.cookie-banner[role=dialog]", "aside", "footer",
                         "main"):
            if not soup.select_one(selector):
                problems.append(where + f"missing {selector}")
        banner = soup.select_one("div.cookie-banner")
        if banner and "Wir verwenden Cookies" not in banner.get_text():
            problems.append(where + "cookie banner text")
        footer = soup.find("footer")
        if footer and "© Stadt Kaufbeuren" not in footer.get_text():
            problems.append(where + "footer without © Stadt Kaufbeuren")
    assert not problems, "\n".join(problems[:30])


def test_links_are_relative_and_resolve():
    require_site()
    problems = []
    for path in site_html_files():
        rel = path.relative_to(SITE).as_posix()
        soup = soup_of(path)
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("form", "action")):
            for el in soup.find_all(tag, attrs={attr: True}):
                url = el[attr]
                if tag == "link" and "canonical" in (el.get("rel") or []):
                    continue
                if url.startswith(("mailto:", "tel:", "#")):
                    continue
                parts = urlsplit(url)
                if parts.scheme or parts.netloc:
                    # only outbound links to the organisations' own (fictitious) websites, never followed
                    if tag == "a" and "nofollow" in (el.get("rel") or []) and parts.netloc != SITE_HOST:
                        continue
                    problems.append(f"{rel}: absolute URL {url}")
                    continue
                target = (path.parent / unquote(parts.path)).resolve()
                if url.endswith("/") or parts.path in ("", "."):
                    target = target / "index.html"
                if parts.path and not target.is_file():
                    problems.append(f"{rel}: broken link {url}")
    assert not problems, "\n".join(problems[:30])


def test_no_third_party_requests():
    require_site()
    for path in sorted(SITE.rglob("*")):
        if path.suffix in (".html", ".css", ".js"):
            text = path.read_text(encoding="utf-8")
            for url in re.findall(r"(?:src|href)\s*=\s*[\"']?(https?://[^\"' >]+)", text):
                host = urlsplit(url).netloc
                assert host == SITE_HOST or host.endswith(".example.org"), f"{path.name}: third-party URL {url}"
            assert "@import url(http" not in text and "url(http" not in text


def visible_text(soup) -> str:
    article = soup.select_one("main article")
    return norm(article.get_text(" ")) if article else ""


def property_values(obj: dict) -> dict[str, str]:
    out = {}
    for prop in obj.get("additionalProperty") or []:
        if isinstance(prop, dict) and prop.get("@type") == "PropertyValue":
            out[str(prop.get("name"))] = str(prop.get("value"))
    return out


def test_detail_pages_structured_data():
    require_site()
    known = entries_by_id()
    problems = []
    microdata = 0
    for path in detail_files():
        stem = path.stem
        where = f"{path.relative_to(SITE)}: "
        soup = soup_of(path)
        scripts = soup.find_all("script", type="application/ld+json")
        if len(scripts) != 1:
            problems.append(where + f"{len(scripts)} JSON-LD blocks")
            continue
        try:
            obj = json.loads(scripts[0].string or "")
        except ValueError as exc:
            problems.append(where + f"JSON-LD does not parse: {exc}")
            continue
        if soup.find(attrs={"itemscope": True}):
            microdata += 1
        if obj.get("@context") != "https://schema.org":
            problems.append(where + "@context")
        if obj.get("identifier") != stem:
            problems.append(where + f"identifier {obj.get('identifier')!r}")
            continue
        entry = known.get(stem)
        if entry is None:
            problems.append(where + "no such entry in corpus/data")
            continue
        kind = entry["kind"]
        if obj.get("@type") not in JSONLD_TYPES[kind]:
            problems.append(where + f"@type {obj.get('@type')!r}")
        if kind == "opportunity" and obj.get("employmentType") != "VOLUNTEER":
            problems.append(where + "employmentType")
        if kind == "club" and (obj.get("@type") == "SportsClub") != (entry.get("category") == "sport"):
            problems.append(where + "SportsClub only for category sport")
        if obj.get("url") != f"{BASE}/{path.relative_to(SITE).as_posix()}":
            problems.append(where + f"url {obj.get('url')!r}")
        if obj.get("name") != entry.get("title"):
            problems.append(where + "name != title")
        if not obj.get("description") or obj.get("areaServed") != entry.get("district"):
            problems.append(where + "description/areaServed")
        addr = obj.get("address") or {}
        if addr.get("@type") != "PostalAddress" or not addr.get("postalCode") or not addr.get("streetAddress"):
            problems.append(where + f"address {addr}")
        audience = obj.get("audience") or {}
        if audience.get("@type") != "PeopleAudience" or audience.get("suggestedMinAge") != entry.get("age_min") \
                or audience.get("suggestedMaxAge") != entry.get("age_max"):
            problems.append(where + f"audience {audience}")
        if ("isAccessibleForFree" in obj) != str(entry.get("fee", "")).strip().lower().startswith(
                ("kostenlos", "kostenfrei")):
            problems.append(where + "isAccessibleForFree")
        contact = entry.get("contact") or {}
        if contact.get("email") and obj.get("email") != contact["email"]:
            problems.append(where + "email")
        if contact.get("phone") and obj.get("telephone") != contact["phone"]:
            problems.append(where + "telephone")
        props = property_values(obj)
        for name in DETAIL_PROPERTIES + KIND_PROPERTIES[kind]:
            source = PROPERTY_SOURCE[name]
            required = source is None or entry.get(source) not in (None, "", [])
            if required and name not in props:
                problems.append(where + f"additionalProperty {name} missing")
        expected = {"Kategorie": None, "Stadtteil": entry.get("district"), "Turnus": entry.get("frequency"),
                    "Kosten": entry.get("fee"), "Zeiten": entry.get("times"),
                    "Barrierefrei": {True: "ja", False: "nein"}.get(entry.get("barrier_free"))}
        for name, value in expected.items():
            if value is not None and name in props and props[name] != str(value).strip():
                problems.append(where + f"additionalProperty {name}={props[name]!r}, data says {value!r}")
        text = visible_text(soup)
        if not text:
            problems.append(where + "no <main><article>")
            continue
        for name, value in props.items():
            if norm(name) not in text and name != "Barrierefreiheit":
                problems.append(where + f"label {name} not visible")
            if norm(value) not in text:
                problems.append(where + f"{name} value {value!r} not visible")
        for label in ("Adresse", "Kontakt", "Zuletzt aktualisiert", "Zurück zur Übersicht"):
            if norm(label) not in text:
                problems.append(where + f"{label} not visible")
        for value in (entry.get("title"), entry.get("address"), contact.get("name"), contact.get("email"),
                      contact.get("phone")):
            if value and norm(value) not in text:
                problems.append(where + f"{value!r} not visible")
        related = soup.select("main aside.related a")
        if len(related) < min(3, sum(1 for x in known.values() if x["kind"] == kind) - 1):
            problems.append(where + "fewer than 3 related entries")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])
    if len(detail_files()) >= 50:
        assert microdata >= 1, "no detail page carries microdata"


# ---------------------------------------------------------------------------- (d) e-mail addresses


def all_corpus_texts():
    for path in sorted(CORPUS.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        if path.suffix in TEXT_SUFFIXES:
            yield path, path.read_text(encoding="utf-8", errors="replace")
        elif path.suffix == ".pdf":
            yield path, pdf_text(path)
        elif path.suffix == ".docx":
            yield path, docx_text(path)


def test_only_fictitious_email_addresses():
    bad = []
    for path, text in all_corpus_texts():
        for match in EMAIL.finditer(text):
            domain = match.group(1).lower().rstrip(".")
            if not any(domain == d or domain.endswith("." + d) for d in ALLOWED_MAIL_DOMAINS):
                bad.append(f"{path.relative_to(CORPUS)}: {match.group(0)}")
    assert not bad, "e-mail addresses outside example.org/example.com:\n" + "\n".join(sorted(set(bad))[:30])


# ------------------------------------------------------------------------------ (e) phone numbers


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings_in(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings_in(v)


def test_only_fictitious_phone_numbers_in_data():
    bad = []
    for x in entries():
        phone = (x.get("contact") or {}).get("phone")
        if phone is not None and not FICTION_PHONE.match(str(phone)):
            bad.append(f"{x.get('id')}: contact.phone {phone!r}")
        for text in strings_in(x):
            for match in PHONE_LIKE.finditer(text):
                digits = re.sub(r"\D", "", match.group(0))
                if digits.startswith("49"):
                    digits = "0" + digits[2:]
                if not re.fullmatch(r"08999998\d{3}", digits):
                    bad.append(f"{x.get('id')}: {match.group(0)!r}")
    assert not bad, "phone numbers outside 089 99998 000–999:\n" + "\n".join(bad[:30])


# ------------------------------------------------------------------------------ (f) robots, sitemap


def test_robots_txt():
    require_site()
    text = (SITE / "robots.txt").read_text(encoding="utf-8")
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(text.splitlines())
    assert not robots.can_fetch("*", f"{BASE}/admin/login.html")
    assert not robots.can_fetch("SomeBot", f"{BASE}/admin/")
    assert robots.can_fetch("*", f"{BASE}/vereine/")
    assert robots.crawl_delay("*") == 1
    assert f"Sitemap: {BASE}/sitemap.xml" in text.splitlines()


def test_sitemap_lists_every_public_page():
    require_site()
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(SITE / "sitemap.xml").getroot()
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    locs = []
    for url in root.findall("sm:url", ns):
        loc = url.findtext("sm:loc", namespaces=ns)
        lastmod = url.findtext("sm:lastmod", namespaces=ns)
        assert loc and loc.startswith(BASE + "/"), loc
        date.fromisoformat(lastmod)
        locs.append(loc)
    assert len(locs) == len(set(locs)), "duplicate sitemap URLs"
    paths = set()
    for loc in locs:
        path = loc[len(BASE) + 1:]
        assert not path.startswith("admin/"), f"sitemap lists the disallowed {loc}"
        file = SITE / (path + "index.html" if path == "" or path.endswith("/") else path)
        assert file.is_file(), f"sitemap lists missing page {loc}"
        paths.add(file.relative_to(SITE).as_posix())
    public = {p.relative_to(SITE).as_posix() for p in site_html_files()} - {
        p.relative_to(SITE).as_posix() for p in SITE.glob("admin/*.html")}
    assert not public - paths, f"pages missing from sitemap: {sorted(public - paths)[:10]}"
    details = {p.relative_to(SITE).as_posix() for p in detail_files()}
    assert details <= paths


# ------------------------------------------------------------------------- (g) build is reproducible


def build_into(out: Path) -> None:
    result = subprocess.run([sys.executable, str(BUILD), "--out", str(out), "--quiet"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_is_deterministic_and_site_up_to_date(tmp_path):
    require_site()
    build_into(tmp_path / "a")
    build_into(tmp_path / "b")
    first, second = tree(tmp_path / "a"), tree(tmp_path / "b")
    assert first == second, "two builds from the same data differ"
    committed = tree(SITE)
    missing = sorted(set(first) - set(committed))
    extra = sorted(set(committed) - set(first))
    changed = sorted(k for k in set(first) & set(committed) if first[k] != committed[k])
    assert not (missing or extra or changed), (
        "corpus/site/ is out of date; run `python3 corpus/tools/build_site.py` "
        f"(missing {missing[:5]}, stale {extra[:5]}, changed {changed[:5]})")
