"""Indexer parts without a network: robots rules, URLs, dedupe, sitemaps, PDF/DOCX, archive metadata,
and incremental, crash-safe builds (fake embedder)."""

from __future__ import annotations

import gzip
import shutil
import threading
from pathlib import Path

import pytest

from indexer import formats
from indexer.archive import archive_metadata, normalise_date
from indexer.build import IndexLocked, build_index, index_lock, load_previous
from indexer.dedupe import find_duplicates
from indexer.robots import parse_robots, rules_for_status
from indexer.sitemap import parse_sitemap
from indexer.sources import SourceDocument, SourceResult, read_folder
from indexer.store import current_generation, load_index
from indexer.urls import normalise_url, path_allowed, query_family, same_site, site_of, trap_reason

from .conftest import ROOT, SHARED

ARCHIVE = ROOT / "corpus" / "archive"
UA = "KaufbeurenAktivBot/0.1 (+https://example.org)"


# -------------------------------------------------------------------------------------------- robots


def test_robots_groups_longest_match_and_wildcards():
    rules = parse_robots(
        "User-agent: *\nDisallow: /\n\nUser-agent: KaufbeurenAktivBot\nDisallow: /admin/\nAllow: /admin/hilfe\n"
        "Disallow: /*.pdf$\nCrawl-delay: 2.5\nSitemap: https://x.example/s.xml\n", UA)
    assert rules.can_fetch("/vereine/") and not rules.can_fetch("/admin/login")
    assert rules.can_fetch("/admin/hilfe.html")
    assert not rules.can_fetch("/a/b.pdf") and rules.can_fetch("/a/b.pdf?x=1")
    assert rules.crawl_delay == 2.5 and rules.sitemaps == ["https://x.example/s.xml"]
    other = parse_robots("User-agent: *\nDisallow: /privat\n\nUser-agent: Googlebot\nDisallow: /\n", UA)
    assert other.can_fetch("/") and not other.can_fetch("/privat/x")


def test_robots_status_semantics():
    assert rules_for_status(404, "", UA).can_fetch("/anything")
    assert not rules_for_status(503, "", UA).can_fetch("/")
    assert not rules_for_status(None, "", UA).can_fetch("/")


def test_robots_umlaut_paths_match_encoded_urls():
    rules = parse_robots("User-agent: *\nDisallow: /bürger/\n", UA)
    assert not rules.can_fetch("/b%C3%BCrger/x") and not rules.can_fetch("/bürger/x")


# ---------------------------------------------------------------------------------------------- URLs


def test_url_rules():
    assert normalise_url("HTTP://WWW.Ex.org:80/a/./b/../c?utm_source=x&id=3#top") == "http://www.ex.org/a/c?id=3"
    site = site_of("https://www.kaufbeuren-aktiv.example/")
    assert same_site("http://kaufbeuren-aktiv.example/x", site)
    assert not same_site("https://evil.example/", site) and not same_site("mailto:a@b", site)
    assert not path_allowed("https://h/admin/x", [], ["/admin/*"]) and path_allowed("https://h/a", [], ["/admin/*"])
    assert not path_allowed("https://h/b", ["/vereine/*"], []) and path_allowed("https://h/vereine/x", ["/vereine/*"], [])
    assert trap_reason("https://h/a/a/a/a/a/") and trap_reason("https://h/" + "x" * 600)
    assert query_family("https://h/kal?month=2&year=2025") == query_family("https://h/kal?year=1999&month=7")


# ----------------------------------------------------------------------------------- dedupe, sitemap


def test_near_duplicates_keep_preferred_and_distinct_pages_stay():
    base = "Der Schachclub Neugablonz trifft sich dienstags im Pfarrheim zum freien Spiel und Training. " * 6
    items = [("/lang/url?print=1", base), ("/kurz", base + " Ende"), ("/other", "Ganz anderer Text. " * 30),
             ("/x", "kurz"), ("/y", "kurz")]
    dups = find_duplicates(items, lambda i: i[1], lambda i: (len(i[0]), i[0]))
    assert dups == {0: 1, 4: 3}


def test_sitemap_index_and_gzip():
    index = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://h/a.xml</loc></sitemap><sitemap><loc> https://h/b.xml.gz </loc></sitemap></sitemapindex>"""
    assert parse_sitemap(index).sitemaps == ["https://h/a.xml", "https://h/b.xml.gz"]
    urlset = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://h/x</loc></url></urlset>'
    assert parse_sitemap(gzip.compress(urlset)).pages == ["https://h/x"]
    assert parse_sitemap(b"<not xml").pages == []
    bomb = b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>' \
           b'<urlset><url><loc>&b;</loc></url></urlset>'
    assert all(len(u) < 100 for u in parse_sitemap(bomb).pages)  # entities are not expanded


# ------------------------------------------------------------------------------------ PDF, DOCX, archive


def _archive_file(suffix: str) -> Path:
    files = sorted(ARCHIVE.glob(f"*{suffix}"))
    if not files:
        pytest.skip(f"no {suffix} in corpus/archive")
    return files[0]


def test_pdf_text_is_reflowed_without_running_headers():
    path = _archive_file(".pdf")
    extracted = formats.extract_pdf(path.read_bytes())
    assert extracted.format_meta["date"] == path.name[:10]
    assert extracted.format_meta.get("programme") and extracted.title
    assert "Seite 2" not in extracted.text
    paragraphs = [p for p in extracted.text.split("\n\n") if len(p) > 200]
    assert paragraphs, "long paragraphs should be joined from their lines"


def test_docx_keeps_order_and_core_properties():
    path = _archive_file(".docx")
    extracted = formats.extract_docx(path.read_bytes())
    assert extracted.format_meta["date"] == path.name[:10]
    assert extracted.format_meta.get("doctype") and "Datum:" in extracted.text


def test_oversized_docx_and_broken_pdf_are_refused(monkeypatch):
    monkeypatch.setattr(formats, "MAX_DOCX_UNPACKED", 1000)
    with pytest.raises(formats.FormatError, match="unpacks"):
        formats.extract_docx(_archive_file(".docx").read_bytes())
    with pytest.raises(formats.FormatError):
        formats.extract_pdf(b"%PDF-1.4 this is not really a pdf")


def test_archive_folder_has_normalised_metadata_for_every_format():
    result = read_folder(ARCHIVE)
    assert not result.skipped
    formats_seen = set()
    for doc in result.documents:
        meta = doc.metadata
        assert doc.kind == "archive" and doc.id == Path(meta["source_path"]).name
        assert meta["date"] == doc.id[:10] and meta["year"] == int(doc.id[:4])
        assert meta["programme"] and meta["field_of_action"] and meta["doctype"]
        formats_seen.add(meta["format"])
    assert {"pdf", "docx", "html", "txt"} <= formats_seen


def test_header_lines_win_over_format_metadata_and_filename():
    text = "Titel\nDatum: 03.04.2012\nProgramm: BIWAQ (ESF/Bund)\nHandlungsfeld: Sozialraum\nDokumentart: Konzept\n"
    meta = archive_metadata(text, {"date": "2013-01-01", "doctype": "Protokoll"}, "2011-01-01_protokoll_x.txt", "txt")
    assert (meta["date"], meta["year"], meta["doctype"]) == ("2012-04-03", 2012, "Konzept")
    assert meta["metadata_source"]["date"] == "header"
    meta = archive_metadata("Nur Text.", {}, "2011-05-06_foerderantrag_x.pdf", "pdf")
    assert (meta["date"], meta["doctype"]) == ("2011-05-06", "Förderantrag")


def test_rule_fallbacks_for_documents_without_metadata():
    council = "Abschlussbericht Projekt\nVorlage\n10.1/371/2021\nArt\nBeschlussvorlage\n\nDas Landesprogramm " \
              "„Integration durch Bürgerschaftliches Engagement und Zivilgesellschaft“ endet im Dezember."
    meta = archive_metadata(council, {}, "003_abc.txt", "txt")
    assert meta["year"] == 2021 and meta["doctype"] == "Beschlussvorlage"
    assert meta["programme"] == "Integration durch Bürgerschaftliches Engagement"
    assert meta["metadata_source"]["year" if "year" in meta["metadata_source"] else "date"] == "text"
    assert normalise_date("D:20071015090000+00'00'") == "2007-10-15"
    assert normalise_date("15. März 2019") == "2019-03-15" and normalise_date("Sommer 2011") == "2011"


def test_seed_documents_get_rule_based_metadata():
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip("no ../shared/seeds")
    docs = {d.id: d for d in read_folder(seeds).documents}
    council = [d for d in docs.values() if "10.1/371/2021" in d.text]
    assert council and council[0].metadata["year"] == 2021 and council[0].metadata["doctype"] == "Beschlussvorlage"
    assert all(d.metadata["format"] == "txt" and d.kind == "archive" for d in docs.values())


# --------------------------------------------------------------------------------------------- builds


def _write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, "utf-8")


def _docs_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    for i, topic in enumerate(["Schachclub", "Gartenverein", "Chor"]):
        _write(folder, f"{i}.md", f"# {topic}\n\n{topic} in Kaufbeuren trifft sich wöchentlich. " * 5)
    return folder


def test_unchanged_rerun_writes_no_generation_and_embeds_nothing(tmp_path, fake_embedder):
    folder, index = _docs_folder(tmp_path), tmp_path / "index"
    first = build_index(index, [read_folder(folder)], fake_embedder)
    gens = sorted(p.name for p in index.glob("gen-*"))
    second = build_index(index, [read_folder(folder)], fake_embedder)
    assert first.new_generation and not second.new_generation
    assert second.embedded == 0 and second.generation == first.generation == current_generation(index)
    assert sorted(p.name for p in index.glob("gen-*")) == gens


def test_another_model_re_embeds_every_passage(tmp_path, fake_embedder):
    """Switching KBA_MODEL (e.g. to the tuned e5-small) re-embeds the index on the next build: no vector of
    the old model is reused, and the manifest names the new one."""
    folder, index = _docs_folder(tmp_path), tmp_path / "index"
    first = build_index(index, [read_folder(folder)], fake_embedder)

    class OtherModel(type(fake_embedder)):
        model = "fake-words-64-tuned"

    second = build_index(index, [read_folder(folder)], OtherModel())
    assert second.new_generation and second.embedded == first.embedded > 0 and second.reused == 0
    assert load_index(index, model="fake-words-64-tuned").manifest.model == "fake-words-64-tuned"


def test_changed_and_removed_files(tmp_path, fake_embedder):
    folder, index = _docs_folder(tmp_path), tmp_path / "index"
    first = build_index(index, [read_folder(folder)], fake_embedder)
    _write(folder, "0.md", "# Schachclub\n\nNeu: Jugendtraining freitags im Pfarrheim Neugablonz.")
    (folder / "2.md").unlink()
    report = build_index(index, [read_folder(folder)], fake_embedder)
    assert (report.changed, report.removed, report.unchanged) == (1, 1, 1)
    assert 0 < report.embedded < first.embedded
    assert {d.id for d in load_index(index).documents} == {"0.md", "1.md"}


def test_incomplete_source_keeps_previous_documents(tmp_path, fake_embedder):
    index = tmp_path / "index"
    docs = [SourceDocument(f"p{i}", f"https://h/{i}", f"Seite {i}", "page", f"Text {i} über Vereine.") for i in range(3)]
    build_index(index, [SourceResult("https://h/", docs)], fake_embedder)
    report = build_index(index, [SourceResult("https://h/", docs[:1], complete=False)], fake_embedder)
    assert report.removed == 0 and report.kept_incomplete == 2
    assert len(load_index(index).documents) == 3
    report = build_index(index, [SourceResult("https://h/", docs[:1])], fake_embedder)
    assert report.removed == 2


def test_crawl_state_is_kept_with_the_generation(tmp_path, fake_embedder):
    index = tmp_path / "index"
    docs = [SourceDocument("p0", "https://h/", "Start", "page", "Text über Vereine.")]
    state = {"https://h/": {"url": "https://h/", "etag": '"v1"', "doc_id": "p0", "links": []}}
    build_index(index, [SourceResult("https://h/", docs, state=state)], fake_embedder)
    previous = load_previous(index)
    assert previous.crawl_state == {"https://h/": state}
    assert previous.documents_of("https://h/")["p0"].text == "Text über Vereine."


def test_second_indexer_gets_a_clear_message(tmp_path):
    with index_lock(tmp_path):
        errors = []

        def other():
            try:
                with index_lock(tmp_path):
                    pass
            except IndexLocked as exc:
                errors.append(str(exc))

        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
    assert errors and "already updating" in errors[0] and "wait for it" in errors[0]


def test_leftovers_of_a_killed_build_are_ignored_and_cleaned(tmp_path, fake_embedder):
    folder, index = _docs_folder(tmp_path), tmp_path / "index"
    first = build_index(index, [read_folder(folder)], fake_embedder)
    (index / ".tmp-gen-000009-x").mkdir()  # a write that was killed before its rename
    shutil.copytree(index / first.generation, index / "gen-000008-x")
    (index / "gen-000008-x" / "manifest.json").unlink()  # renamed but CURRENT never switched
    assert load_index(index).manifest.generation == first.generation
    _write(folder, "3.md", "# Neu\n\nEin neuer Verein.")
    build_index(index, [read_folder(folder)], fake_embedder)
    assert not list(index.glob(".tmp-*"))


def test_saved_website_folder_defaults_to_page_kind(tmp_path):
    site = tmp_path / "site"
    _write(site, "robots.txt", "User-agent: *\nDisallow: /admin/\n")
    _write(site, "info.html", "<html><body><main><h1>Barrierefreiheit</h1><p>Das Portal ist barrierefrei.</p></main></body></html>")
    docs = read_folder(site).documents
    assert [(d.id, d.kind) for d in docs] == [("info.html", "page")]
    assert read_folder(site, default_kind="project").documents[0].kind == "project"
