"""Filters: the shared contract (Filters), request vocabulary, and filters on POST /api/match."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.engine import Engine
from assistant.filters import FilterValueError, Filters, filters_from_request
from assistant.main import create_app
from assistant.settings import Settings


CLUB = {"district": "Neugablonz", "age_min": 6, "age_max": 16, "target_groups": ["Kinder"], "frequency": "regelmäßig",
        "barrier_free": True, "languages": ["Deutsch", "Türkisch"], "weekdays": ["Di"], "time_of_day": ["abends"]}


def test_each_filter_narrows():
    assert Filters.build(kinds=["club"]).accepts("club", CLUB)
    assert not Filters.build(kinds=["opportunity"]).accepts("club", CLUB)
    assert Filters.build(districts=["neugablonz"]).accepts("club", CLUB)
    assert not Filters.build(districts=["Haken"]).accepts("club", CLUB)
    assert Filters.build(districts=["Haken"]).accepts("club", {"district": "Stadtgebiet"})  # city-wide
    assert Filters.build(age=10).accepts("club", CLUB) and not Filters.build(age=30).accepts("club", CLUB)
    assert Filters.build(target_groups=["Kinder"]).accepts("club", CLUB)
    assert not Filters.build(target_groups=["Senioren"]).accepts("club", CLUB)
    assert not Filters.build(frequency="einmalig").accepts("club", CLUB)
    assert Filters.build(languages=["türkisch"]).accepts("club", CLUB)
    assert not Filters.build(weekdays=["Sa"]).accepts("club", CLUB)
    assert not Filters.build(time_of_day=["vormittags"]).accepts("club", CLUB)


def test_unknown_accessibility_does_not_pass_a_barrier_free_filter():
    assert Filters.build(barrier_free=True).accepts("club", CLUB)
    assert not Filters.build(barrier_free=True).accepts("club", {"district": "Haken"})


def test_merged_and_as_dict_stay_compatible():
    merged = Filters.build(districts=["Haken"], age=8).merged(Filters.build(age=9, languages=["Deutsch"]))
    assert merged.as_dict() == {"districts": ["haken"], "age": 9, "languages": ["deutsch"]}


def test_request_values_map_to_canonical_ones():
    f = filters_from_request({"kind": ["Verein", "opportunity"], "district": ["haken"], "frequency": "regelmaessig",
                              "language": ["tr"], "weekdays": ["samstags", "Mo"], "age": 12, "barrier_free": True})
    assert f.kinds == {"club", "opportunity"} and f.districts == {"haken"} and f.languages == {"türkisch"}
    assert f.weekdays == {"sa", "mo"} and f.age == 12 and f.barrier_free is True
    assert f.accepts("club", {**CLUB, "district": "Haken", "weekdays": ["Sa"]})


@pytest.mark.parametrize("values, needle", [({"colour": ["rot"]}, "colour"), ({"district": ["Berlin"]}, "Berlin"),
                                            ({"frequency": "manchmal"}, "manchmal"), ({"kind": ["archive"]}, "archive")])
def test_unknown_names_and_values_are_refused_in_german(values, needle):
    with pytest.raises(FilterValueError) as err:
        filters_from_request(values)
    assert needle in err.value.message and ("kennen wir nicht" in err.value.message or "gibt es nicht" in
                                            err.value.message)


# ----------------------------------------------------------------------------------------- HTTP


@pytest.fixture(scope="module")
def client(real_filter_index, real_embedder):
    app = create_app(Settings(), Engine(real_filter_index, real_embedder))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def ids(res) -> list[str]:
    assert res.status_code == 200, res.text
    return [r["id"] for r in res.json()["results"]]


def test_filters_narrow_the_results(client):
    assert set(ids(client.post("/api/match", json={"query": "Fußball", "filters": {"kind": ["opportunity"]}}))) == \
        {"ehrenamt-fussball-turnier"}
    haken = ids(client.post("/api/match", json={"query": "Fußball für Kinder", "filters": {"district": "Haken"}}))
    assert haken[0] == "verein-fc-haken" and "verein-fussball-jugend" not in haken
    assert all(i in ("verein-fc-haken", "ehrenamt-fussball-turnier") for i in haken)  # city-wide passes
    kids = ids(client.post("/api/match", json={"query": "Fußball", "filters": {"age": 8, "barrier_free": True}}))
    assert "verein-fussball-jugend" in kids and "verein-fc-haken" not in kids and "verein-fussball-senioren" not in kids
    once = ids(client.post("/api/match", json={"query": "Fußball helfen", "filters": {"frequency": "einmalig"}}))
    assert once == ["ehrenamt-fussball-turnier"]
    arabic = ids(client.post("/api/match", json={"query": "Deutsch lernen", "filters": {"language": ["Arabisch"]}}))
    assert arabic == ["projekt-sprachcafe"]


def test_filters_never_fill_up_with_unrelated_entries(client):
    # Nothing about choirs in Neugablonz: the football clubs there must not be offered instead.
    assert ids(client.post("/api/match", json={"query": "im Chor singen", "filters": {"district": ["Neugablonz"]}})) == []


def test_citizen_search_never_returns_archive_documents_even_when_asked(client):
    res = client.post("/api/match", json={"query": "Jahresbericht Fußballturniere", "filters": {"kind": ["archive"]}})
    assert res.status_code == 422


@pytest.mark.parametrize("filters", [{"colour": "rot"}, {"district": ["Atlantis"]}, {"age": -1}, {"age": "alt"},
                                     {"barrier_free": "vielleicht"}, {"weekdays": ["Funday"]}, {"kind": 5}, [1, 2],
                                     "Haken", {"language": [{"x": 1}]}])
def test_bad_filters_get_a_german_422(client, filters):
    res = client.post("/api/match", json={"query": "Fußball", "filters": filters})
    assert res.status_code == 422
    body = res.json()
    assert body["message"] and body["detail"]
    assert any(word in body["message"] for word in ("Filter", "unbekannt", "ungültig", "muss", "kennen", "klein",
                                                    "gibt es nicht"))


def test_result_card_fields(client):
    result = client.post("/api/match", json={"query": "Sprachcafé Deutsch lernen"}).json()["results"][0]
    assert result["id"] == "projekt-sprachcafe"
    assert result["district"] == "Kernstadt" and result["category"] == "Integration"
    assert result["contact"] == {"name": "Sami Muster", "role": "Koordination", "email": "sprachcafe@example.org",
                                 "phone": "089 99998 002", "website": "https://sprachcafe.example.org/"}
    assert result["metadata"]["languages"] == ["Deutsch", "Arabisch", "Ukrainisch"]
    assert result["metadata"]["barrier_free"] is True and "tags" not in result["metadata"]
    assert set(result) >= {"id", "url", "title", "kind", "score", "snippet", "reason"}
