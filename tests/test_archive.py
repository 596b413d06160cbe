"""Staff archive search on real archive documents with the real model: finding, filters, sorting,
marked passages, and serving the original file only for documents of the index."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.engine import Engine
from assistant.main import create_app
from assistant.settings import Settings

from .conftest import ROOT
from .web_support import ARCHIVE_SAMPLE, KNOWN_DOCUMENT, STAFF_TOKEN

AUTH = {"Authorization": f"Bearer {STAFF_TOKEN}"}


@pytest.fixture(scope="module")
def client(web_index, real_embedder):
    app = create_app(Settings(staff_token=STAFF_TOKEN), Engine(web_index, real_embedder))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def search(client, **body):
    res = client.post("/api/archive/search", json=body, headers=AUTH)
    assert res.status_code == 200, res.text
    return res.json()


def marked_words(passage) -> list[str]:
    return [passage["text"][s:e] for s, e in passage["highlights"]]


def test_finds_the_known_document_first_with_marked_passage(client):
    data = search(client, query="Kofinanzierung BIWAQ Haken")
    top = data["results"][0]
    assert top["id"] == KNOWN_DOCUMENT
    assert top["doctype"] == "Beschlussvorlage" and top["year"] == 2011 and top["format"] == "pdf"
    assert top["programme"].startswith("BIWAQ") and top["date"] == "2011-03-22"
    words = [w.lower() for p in top["passages"] for w in marked_words(p)]
    assert any("kofinanzierung" in w or "biwaq" in w or "haken" in w for w in words), top["passages"]
    assert top["document_url"] == f"/api/archive/document/{KNOWN_DOCUMENT}"
    assert all(r["id"] != "verein-web-fussball" for r in data["results"])  # citizens' entries are not archive


def test_semantic_question_finds_the_ukraine_concept(client):
    data = search(client, query="Wie wurde die Hilfe für Geflüchtete aus der Ukraine organisiert?")
    assert data["results"][0]["id"] == "2022-04-06_konzept_ukraine-hilfe-ehrenamt.txt"


def test_quoted_phrase_must_occur_literally(client):
    data = search(client, query='"502/031/2011"')
    assert [r["id"] for r in data["results"]] == [KNOWN_DOCUMENT]
    passage = data["results"][0]["passages"][0]
    assert marked_words(passage) == ["502/031/2011"]
    assert search(client, query='"502/999/1999"')["total"] == 0


def test_year_range_programme_and_doctype_filters(client):
    data = search(client, query="Ehrenamt", year_from=2015, year_to=2020)
    assert data["results"] and all(2015 <= r["year"] <= 2020 for r in data["results"])
    data = search(client, query="Beschluss des Stadtrats", doctype=["Beschlussvorlage"])
    assert data["results"] and {r["doctype"] for r in data["results"]} == {"Beschlussvorlage"}
    data = search(client, query="", programme=["ELTERN TALK (Bayern)"])
    assert [r["id"] for r in data["results"]] == ["2015-02-05_jahresbericht_eltern-talk-2014.docx"]
    data = search(client, query="", field_of_action=["integration"])  # case does not matter
    assert [r["id"] for r in data["results"]] == ["2022-04-06_konzept_ukraine-hilfe-ehrenamt.txt"]
    assert search(client, query="Haken", year_to=2005)["total"] == 0


def test_sort_by_date_newest_first_and_paging(client):
    data = search(client, query="", sort="date", limit=2)
    dates = [r["date"] for r in data["results"]]
    assert dates == sorted(dates, reverse=True) and len(dates) == 2
    everything = search(client, query="", sort="date", limit=50)
    assert everything["total"] == len(ARCHIVE_SAMPLE) + 1
    rest = search(client, query="", sort="date", limit=2, offset=2)
    assert [r["id"] for r in rest["results"]] == [r["id"] for r in everything["results"][2:4]]
    relevance = search(client, query="Ehrenamtskarte Anerkennung", sort="relevance")
    assert relevance["results"][0]["id"] == "2017-07-18_beschlussvorlage_ehrenamtskarte-einfuehrung.html"
    assert [r["score"] for r in relevance["results"]] == sorted((r["score"] for r in relevance["results"]), reverse=True)


def test_facets_list_what_the_archive_holds(client):
    facets = client.get("/api/archive/facets", headers=AUTH).json()
    assert "BIWAQ (ESF/Bund)" in facets["programmes"]
    assert {"Beschlussvorlage", "Jahresbericht", "Konzept"} <= set(facets["doctypes"])
    assert facets["years"] == [2011, 2022] and facets["documents"] == len(ARCHIVE_SAMPLE) + 1


def test_original_document_is_served_from_the_index_only(client):
    res = client.get(f"/api/archive/document/{KNOWN_DOCUMENT}", headers=AUTH)
    assert res.status_code == 200
    assert res.headers["content-type"] == "application/pdf"
    assert res.content == (ROOT / "corpus" / "archive" / KNOWN_DOCUMENT).read_bytes()
    assert "frame-ancestors 'none'" in res.headers["content-security-policy"]
    html = client.get("/api/archive/document/2017-07-18_beschlussvorlage_ehrenamtskarte-einfuehrung.html", headers=AUTH)
    assert html.status_code == 200 and "sandbox" in html.headers["content-security-policy"]
    docx = client.get("/api/archive/document/2015-02-05_jahresbericht_eltern-talk-2014.docx", headers=AUTH)
    assert docx.status_code == 200 and docx.headers["content-disposition"].startswith("attachment")


@pytest.mark.parametrize("doc_id", ["archiv-web-systemdatei", "../../../../etc/passwd", "%2Fetc%2Fpasswd",
                                    "/etc/passwd", "verein-web-fussball", "gibt-es-nicht.pdf",
                                    "..%2F..%2Fpyproject.toml"])
def test_no_other_file_is_ever_served(client, doc_id):
    res = client.get(f"/api/archive/document/{doc_id}", headers=AUTH)
    assert res.status_code == 404
    assert "root:" not in res.text


def test_document_with_a_system_path_has_no_link(client):
    data = search(client, query='"Systemdatei"')
    assert data["results"][0]["id"] == "archiv-web-systemdatei"
    assert data["results"][0]["document_url"] is None
