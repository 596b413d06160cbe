"""Pure extraction and chunking rules on small strings."""

from __future__ import annotations

import json

from indexer.chunk import ChunkConfig, split_passages, split_sentences, word_count
from indexer.extract import extract_html, extract_markdown, extract_plain_text
from indexer.records import record_text
from indexer.sources import decode_text, read_folder, read_jsonl

from .conftest import DATA


def test_html_boilerplate_is_stripped_and_json_ld_read():
    page = (DATA / "mini_site" / "verein-schach.html").read_text("utf-8")
    ex = extract_html(page, "http://127.0.0.1/vereine/x.html")
    assert ex.title == "Schachfreunde Kemnat"
    assert ex.identifier == "verein-schach-test" and ex.kind == "club"
    assert "Freitagabend" in ex.text
    for boilerplate in ("Cookies", "Newsletter", "Impressum", "Zum Inhalt", "Akzeptieren"):
        assert boilerplate not in ex.text
    assert ex.metadata["district"] == "Kemnat"
    assert ex.metadata["barrier_free"] is True
    assert ex.metadata["age_min"] == 8 and ex.metadata["age_max"] == 99
    assert ex.metadata["languages"] == ["Deutsch", "Russisch"]
    assert ex.canonical.endswith("/vereine/verein-schach-test.html")
    assert "http://127.0.0.1/vereine/index.html" in ex.links


def test_fact_sheets_and_lists_are_lines_of_one_block():
    page = ("<html><body><main><h1>Chor</h1><p>Wir singen.</p><h2>Auf einen Blick</h2>\n<dl>\n"
            "<dt>Stadtteil</dt>\n<dd>Kemnat</dd>\n<dt>Sprachen</dt>\n<dd><span>Deutsch</span>, Russisch</dd>\n</dl>"
            "<h2>Angebote</h2><ul>\n<li>Kinderchor</li>\n<li>Gospel</li>\n</ul>"
            '<p class="back-link"><a href="./">Zurück zur Übersicht</a></p></main></body></html>')
    text = extract_html(page, "http://127.0.0.1/x.html").text
    assert "Auf einen Blick\n\nStadtteil: Kemnat\nSprachen: Deutsch, Russisch\n\nAngebote" in text
    assert text.endswith("Angebote\n\nKinderchor\nGospel")  # the back link is page chrome


def test_a_long_fact_sheet_is_cut_between_its_lines():
    facts = "\n".join(f"Feld {i}: Wert {i} mit ein paar Wörtern mehr" for i in range(12))
    passages = split_passages("T", "Text.\n\n" + facts, word_count, ChunkConfig(max_tokens=60, min_tokens=10))
    lines = [line for p in passages for line in p.split("\n")[1:]]
    assert all(f"Feld {i}: Wert {i} mit ein paar Wörtern mehr" in lines for i in range(12))


def test_prose_with_hard_line_breaks_is_cut_between_sentences():
    prose = "=== Geschichte ===\n" + " ".join(f"Satz {i} erzählt etwas mehr über die Stadt." for i in range(12))
    passages = split_passages("T", prose, word_count, ChunkConfig(max_tokens=60, min_tokens=10))
    assert passages[0].startswith("T\n=== Geschichte === Satz 0 erzählt")  # the heading line stays with its text
    assert all(word_count(p) <= 60 + 5 for p in passages)


def test_noindex_and_broken_json_ld():
    ex = extract_html('<html><head><meta name="robots" content="noindex,follow">'
                      '<script type="application/ld+json">{broken</script></head>'
                      "<body><main><p>Liste</p></main></body></html>")
    assert ex.noindex and not ex.nofollow and ex.metadata == {} and ex.text == "Liste"


def test_microdata_contact():
    html = ('<html><body><main><h1>X</h1><div itemscope itemtype="https://schema.org/NGO">'
            '<span itemprop="name">Tierschutzverein</span>'
            '<div itemprop="contactPoint" itemscope itemtype="https://schema.org/ContactPoint">'
            '<span itemprop="name">Erika Beispiel</span><a itemprop="email" href="mailto:info@tsv.example.org">'
            'info@tsv.example.org</a><span itemprop="telephone">089 99998 123</span></div></div></main></body></html>')
    ex = extract_html(html)
    assert ex.kind == "club" and ex.title == "Tierschutzverein"
    assert ex.metadata["contact"] == {"email": "info@tsv.example.org", "phone": "089 99998 123",
                                      "name": "Erika Beispiel"}


def test_markdown_and_text():
    md = extract_markdown((DATA / "mini_site" / "naehtreff.md").read_text("utf-8"))
    assert md.title == "Nähtreff im Stadtteiltreff"
    assert "nähen und stricken" in md.text and "**" not in md.text
    txt = extract_plain_text("\n\n  Protokoll  \n\nInhalt")
    assert txt.title == "Protokoll" and txt.text == "Protokoll\n\nInhalt"


def test_decode_text_handles_bom_and_latin1():
    assert decode_text("\ufeffÄrger".encode("utf-8")) == "Ärger"
    assert decode_text("Größe".encode("cp1252")) == "Größe"


def test_folder_source_skips_noindex_and_uses_identifiers():
    result = read_folder(DATA / "mini_site")
    ids = {d.id: d for d in result.documents}
    assert set(ids) == {"verein-schach-test", "naehtreff.md", "protokoll.txt"}
    assert ids["verein-schach-test"].kind == "club" and ids["protokoll.txt"].kind == "archive"
    assert [s.reason for s in result.skipped if s.where == "liste.html"][0].startswith("page asks not")


def test_jsonl_source_reports_bad_lines(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text('{"id":"a","text":"Hallo","kind":"club","district":"Haken"}\n{oops\n[1]\n'
                    '{"text":"ohne id"}\n{"id":"b","text":""}\n\n', "utf-8")
    result = read_jsonl(path)
    assert [d.id for d in result.documents] == ["a"]
    assert result.documents[0].metadata == {"district": "Haken"}
    assert len(result.skipped) == 4 and result.skipped[0].where == "r.jsonl:2"


def test_sentences_respect_abbreviations():
    assert split_sentences("Wir spielen z. B. Schach. Dr. Muster kommt auch! Wer noch?") == [
        "Wir spielen z. B. Schach.", "Dr. Muster kommt auch!", "Wer noch?"]


def test_passages_keep_title_and_respect_budget():
    text = "\n\n".join(f"Absatz {i}. " + "Wort " * 30 for i in range(8))
    config = ChunkConfig(max_tokens=80, overlap_tokens=10, min_tokens=20)
    passages = split_passages("Titel", text, word_count, config)
    assert len(passages) > 3
    assert all(p.startswith("Titel\n") for p in passages)
    assert all(word_count(p) <= 80 + 5 for p in passages)
    joined = " ".join(passages)
    assert all(f"Absatz {i}." in joined for i in range(8))


def test_short_text_is_one_passage_and_headings_start_sections():
    assert split_passages("T", "Kurz.", word_count) == ["T\nKurz."]
    text = "Einleitung mit Text.\n\nTraining\n\n" + "Wir trainieren viel. " * 15 + "\n\nKontakt\n\nRufen Sie an."
    passages = split_passages("T", text, word_count, ChunkConfig(max_tokens=200, min_tokens=10))
    assert any(p.startswith("T\nKontakt") for p in passages)


def test_a_record_in_the_entries_schema_gets_its_text_from_its_fields(tmp_path):
    record = {"id": "verein-x", "kind": "club", "title": "Chor X", "category": "musik", "district": "Kemnat",
              "summary": "Wir singen.", "description": "Proben am Dienstag.\n\nAlle sind willkommen.",
              "target_groups": ["Erwachsene"], "age_min": 16, "age_max": None, "languages": ["Deutsch", "Russisch"],
              "barrier_free": True, "offers": ["Kammerchor", "Projektchor"], "tags": ["Chor", "Singen"],
              "contact": {"name": "Erika Muster", "email": "x@example.org"}}
    text = record_text(record)
    assert text.startswith("Wir singen.\n\nProben am Dienstag.\n\nAlle sind willkommen.\n\nAuf einen Blick\n\n")
    assert "Kategorie: Musik\nStadtteil: Kemnat\nZielgruppen: Erwachsene\nAlter: ab 16 Jahren\n" in text
    assert "Sprachen: Deutsch, Russisch\nBarrierefrei: ja" in text
    assert text.endswith("Angebote\n\nKammerchor\nProjektchor\n\nSchlagworte: Chor, Singen")
    assert "Muster" not in text  # contacts are shown on the card, not matched against
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n" + json.dumps({"id": "leer", "title": "Leer"}) + "\n",
                    "utf-8")
    result = read_jsonl(path)
    assert [d.id for d in result.documents] == ["verein-x"] and result.documents[0].text == text
    assert result.documents[0].metadata["district"] == "Kemnat"
    assert [s.reason for s in result.skipped] == ["record 'leer' has no text"]
