"""Example wishes: reading the file, keeping them with the index, the voting channel, and the CLI."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from assistant.cli import main
from assistant.examples import ExampleChannel
from assistant.ranking import DEFAULT_CONFIG, Matcher, configured
from indexer.build import build_index, load_previous
from indexer.examples import ATTACHMENT, ExampleWishError, read_example_wishes
from indexer.sources import read_folder, read_jsonl
from indexer.store import Document, current_generation, load_index, read_attachment

from .conftest import DATA, FakeEmbedder


def write(path, rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows),
                    "utf-8")
    return path


# ------------------------------------------------------------------------------------ the file


def test_read_example_wishes_merges_repeats_and_leaves_out_wishes_nothing_fits(tmp_path):
    path = write(tmp_path / "w.jsonl", [
        {"id": "t1", "query": "Ich bastle  gern", "lang": "de", "relevant": {"verein-repair-test": 1, "x": 0}},
        "",
        {"query": "Ich bastle gern", "relevant": {"verein-repair-test": 2, "https://example.org/chor": 1}},
        {"query": "Nichts passt", "relevant": {"verein-chor-test": 0}},
    ])
    assert read_example_wishes(path) == [
        {"query": "Ich bastle gern", "relevant": {"verein-repair-test": 2, "https://example.org/chor": 1}}]


def test_several_files_are_joined_and_a_wish_in_both_merged(tmp_path):
    """Wishes and their translations may live in separate files (corpus/train/translated.jsonl)."""
    first = write(tmp_path / "a.jsonl", [{"query": "Chor", "relevant": {"verein-chor-test": 1}}])
    second = write(tmp_path / "b.jsonl", [{"query": "choir", "relevant": {"verein-chor-test": 2}},
                                          {"query": "Chor", "relevant": {"verein-chor-test": 2}}])
    assert read_example_wishes(first, second) == [{"query": "Chor", "relevant": {"verein-chor-test": 2}},
                                                  {"query": "choir", "relevant": {"verein-chor-test": 2}}]
    bad = write(tmp_path / "c.jsonl", ["[]"])
    with pytest.raises(ExampleWishError, match=r"c\.jsonl, line 1: not a JSON object"):
        read_example_wishes(first, bad)


@pytest.mark.parametrize("line, message", [
    ("{not json", "line 2: not JSON"),
    (json.dumps({"relevant": {"a": 2}}), 'line 2: "query" must be a non-empty text'),
    (json.dumps({"query": "Chor", "relevant": {"a": 3}}), "line 2: grade of 'a' must be 0, 1 or 2"),
    (json.dumps({"query": "Chor", "relevant": ["a"]}), 'line 2: "relevant" must be an object'),
    (json.dumps(["Chor"]), "line 2: not a JSON object"),
])
def test_a_bad_line_is_refused_with_its_number(tmp_path, line, message):
    path = write(tmp_path / "w.jsonl", [{"query": "Fußball", "relevant": {"a": 2}}, line])
    with pytest.raises(ExampleWishError, match=message):
        read_example_wishes(path)


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ExampleWishError, match="do not exist"):
        read_example_wishes(tmp_path / "none.jsonl")


# ---------------------------------------------------------------------------------- the index


def sources():
    return [read_jsonl(DATA / "records.jsonl"), read_folder(DATA / "mini_site")]


WISHES = [{"query": "Ich bastle gern an kaputten Geräten", "relevant": {"verein-repair-test": 2}},
          {"query": "Mein Sohn will kicken", "relevant": {"verein-fc-test": 2, "https://example.org/fc": 1,
                                                         "verein-geloescht": 1}}]


def test_examples_are_kept_with_the_generation_until_replaced_or_removed(tmp_path, fake_embedder):
    index = tmp_path / "index"
    build_index(index, sources(), fake_embedder, example_wishes=WISHES)
    first = current_generation(index)
    assert read_attachment(load_index(index).path, ATTACHMENT) == WISHES

    report = build_index(index, sources(), fake_embedder)  # no examples given: the index keeps its own
    assert not report.new_generation and report.example_wishes == 2 and current_generation(index) == first
    assert report.example_wishes_unmatched == 0

    report = build_index(index, sources(), fake_embedder, example_wishes=WISHES[:1])  # only they changed
    assert report.new_generation and report.embedded == 0
    assert load_previous(index).example_wishes == WISHES[:1]

    other_city = [{"query": "Schach", "relevant": {"verein-schach-anderswo": 2}}]
    report = build_index(index, sources(), fake_embedder, example_wishes=WISHES + other_city)
    assert report.example_wishes == 3 and report.example_wishes_unmatched == 1  # told in kba index's summary

    build_index(index, sources(), fake_embedder, example_wishes=[])
    assert read_attachment(load_index(index).path, ATTACHMENT) is None


def test_the_nearest_example_wishes_vote_for_their_entries(tmp_path):
    embedder = FakeEmbedder()
    docs = [Document("verein-fc-test", "https://example.org/fc", "FC", "club", "", {}),
            Document("verein-repair-test", "", "Repair", "club", "", {}),
            Document("verein-chor-test", "", "Chor", "club", "", {})]
    channel = ExampleChannel(docs, WISHES, embedder, tmp_path / "ex.sqlite")
    assert channel.size == 2 and channel.unknown_entries == ["verein-geloescht"]
    assert channel.named.tolist() == [True, True, False]
    scores = channel.scores(embedder.embed_queries(["Mein Sohn will kicken"])[0], neighbours=2, temperature=0.02)
    # the id and the URL of one entry count once, with the better grade; the far wish barely votes
    assert scores[0] == pytest.approx(1.0, abs=1e-3) and scores[1] < 1e-3 and scores[2] == 0.0
    one = channel.scores(embedder.embed_queries(["Mein Sohn will kicken"])[0], neighbours=1, temperature=1.0)
    assert one.tolist() == [1.0, 0.0, 0.0]

    class Refusing(FakeEmbedder):
        def embed_queries(self, texts):
            raise AssertionError("cached example wishes must not be embedded again")

    ExampleChannel(docs, WISHES, Refusing(), tmp_path / "ex.sqlite")


def test_kba_index_s_cache_keeps_only_the_present_example_wishes(tmp_path):
    """warm_cache (called by kba index) forgets the vectors of wishes the index no longer has, so the
    cache does not grow with every edit of the file."""
    import sqlite3

    from assistant.examples import CACHE_FILE, warm_cache

    def rows():
        with sqlite3.connect(tmp_path / CACHE_FILE) as db:
            return db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]

    (tmp_path / CACHE_FILE).parent.mkdir()
    assert warm_cache(tmp_path, WISHES, FakeEmbedder()) == 2 and rows() == 2
    assert warm_cache(tmp_path, WISHES[:1], FakeEmbedder()) == 1 and rows() == 1
    assert warm_cache(tmp_path, [], FakeEmbedder()) == 0 and not (tmp_path / CACHE_FILE).exists()


def test_an_example_wish_lifts_the_entry_it_names_for_a_similar_wish(tmp_path, fake_embedder):
    index = tmp_path / "index"
    # the wish shares no word with the choir's text, only with an example wish someone matched to the choir
    wishes = [{"query": "Ich möchte abends mit anderen Leuten Musik machen", "relevant": {"verein-chor-test": 2}}]
    build_index(index, sources(), fake_embedder, example_wishes=wishes)
    matcher = Matcher(load_index(index), fake_embedder)
    query = "Ich möchte abends Musik machen"
    assert matcher.match(query, 3)[0].id == "verein-chor-test"
    off = matcher.with_config(configured(DEFAULT_CONFIG, example_weight=0.0))
    assert "verein-chor-test" not in [m.id for m in off.match(query, 3)]
    # kinds the examples do not name (the staff archive) are ranked as before
    archive = [m.id for m in matcher.match(query, 3, kinds=["archive"])]
    assert archive == [m.id for m in off.match(query, 3, kinds=["archive"])]
    assert np.isfinite([m.score for m in matcher.match(query, 3)]).all()


# ------------------------------------------------------------------------------------- the CLI


def test_kba_index_refuses_a_bad_example_file_and_leaves_the_index_alone(tmp_path, capsys):
    bad = write(tmp_path / "w.jsonl", [{"query": "Chor", "relevant": {"verein-chor-test": 5}}])
    code = main(["index", str(DATA / "records.jsonl"), "--index", str(tmp_path / "i"), "--examples", str(bad),
                 "--quiet"])
    assert code == 2 and not (tmp_path / "i").exists()
    err = capsys.readouterr().err
    assert "line 1: grade of 'verein-chor-test' must be 0, 1 or 2" in err and "Traceback" not in err


def test_kba_eval_warns_when_the_queries_are_the_index_s_example_wishes(real_index, tmp_path, capsys):
    index = tmp_path / "index"
    shutil.copytree(real_index, index)  # its embedding cache comes along: nothing is embedded again
    queries = write(tmp_path / "q.jsonl", [
        {"id": "q1", "query": "Fußball für Kinder", "lang": "de", "kind": "keyword", "relevant": {"verein-fc-test": 2}},
        {"id": "q2", "query": "Chor", "lang": "de", "kind": "keyword", "relevant": {"verein-chor-test": 2}}])
    translated = write(tmp_path / "t.jsonl", [{"query": "choir", "relevant": {"verein-chor-test": 2}}])
    assert main(["index", str(DATA / "records.jsonl"), str(DATA / "mini_site"), "--index", str(index),
                 "--examples", str(queries), "--examples", str(translated), "--quiet"]) == 0
    assert "example wishes 3" in capsys.readouterr().err
    assert main(["eval", "--index", str(index), "--queries", str(queries)]) == 0
    assert "2 of the 2 queries are example wishes of this index (q1, q2)" in capsys.readouterr().err


def test_real_model_a_wish_in_another_language_finds_the_german_example_wish(real_embedder, tmp_path):
    """The channel's premise with the real default model: a wish meets the example wish that means the
    same, across languages, and votes for that example's entry."""
    docs = [Document(i, "", i, "club", "", {}) for i in ("verein-chor-test", "verein-fc-test", "verein-repair-test")]
    wishes = [{"query": "Ich möchte in einem Chor singen", "relevant": {"verein-chor-test": 2}},
              {"query": "Mein Sohn will Fußball spielen", "relevant": {"verein-fc-test": 2}},
              {"query": "Ich repariere gern kaputte Geräte", "relevant": {"verein-repair-test": 2}}]
    channel = ExampleChannel(docs, wishes, real_embedder, tmp_path / "ex.sqlite")
    for query, expected in (("Хочу співати в хорі", 0), ("my son wants to play football", 1),
                            ("Bozuk eşyaları tamir etmeyi seviyorum", 2)):
        scores = channel.scores(real_embedder.embed_queries([query])[0], neighbours=3, temperature=0.02)
        assert int(np.argmax(scores)) == expected, (query, scores)
