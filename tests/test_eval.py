"""Evaluation harness: metrics on a hand-computed case, query files, and ``kba eval``."""

from __future__ import annotations

import json
import math

import pytest

from assistant.cli import main
from assistant.evaluation import (EvalError, EvalQuery, Hit, compare, evaluate, format_table, load_queries,
                                  query_metrics)

from .conftest import DATA

RELEVANT = {"a": 2, "b": 1, "https://example.org/c": 1}
RANKING = [Hit("x"), Hit("a"), Hit("y"), Hit("b"), Hit("z"), Hit("c", "https://example.org/c")]


def test_metrics_on_a_hand_computed_case():
    m = query_metrics(RANKING, RELEVANT)
    # grades by rank: 0 2 0 1 0 | 1 ; ideal order 2 1 1
    dcg5 = 2 / math.log2(3) + 1 / math.log2(5)
    idcg = 2 / math.log2(2) + 1 / math.log2(3) + 1 / math.log2(4)
    assert m["ndcg@5"] == pytest.approx(dcg5 / idcg)  # 0.5406
    assert m["ndcg@5"] == pytest.approx(0.5406, abs=1e-4)
    assert m["ndcg@10"] == pytest.approx((dcg5 + 1 / math.log2(7)) / idcg)
    assert m["mrr@10"] == 0.5
    assert m["recall@5"] == pytest.approx(2 / 3)
    assert m["recall@10"] == 1.0  # the URL label counts for the entry with that URL
    assert (m["success@1"], m["success@3"]) == (0.0, 1.0)


def test_perfect_and_empty_rankings():
    perfect = query_metrics([Hit("a"), Hit("b"), Hit("c", "https://example.org/c")], RELEVANT)
    assert all(v == 1.0 for v in perfect.values())
    assert all(v == 0.0 for v in query_metrics([], RELEVANT).values())


def test_only_the_first_ten_results_count():
    metrics = query_metrics([Hit(str(i)) for i in range(10)] + [Hit("a")], {"a": 2})
    assert metrics["mrr@10"] == 0.0 and metrics["recall@10"] == 0.0


def test_report_aggregates_overall_by_kind_and_language():
    queries = [EvalQuery("1", "q", {"a": 2}, "de", "keyword"), EvalQuery("2", "q", {"b": 2}, "en", "crosslingual")]
    report = evaluate(queries, lambda q: [Hit("a"), Hit("b")], known_keys={"a"})
    assert report.overall["success@1"] == 0.5
    assert report.by_kind["keyword"]["mrr@10"] == 1.0 and report.by_kind["crosslingual"]["mrr@10"] == 0.5
    assert report.by_lang["en"]["ndcg@5"] == pytest.approx(1 / math.log2(3), abs=1e-4)  # rounded to 4 places
    assert report.unknown_labels == ["2:b"]
    table = format_table(report)
    assert "kind crosslingual" in table and "lang en" in table and "ndcg@5" in table


def test_query_file_errors_are_clear(tmp_path):
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"id": "q1", "query": "x"}\n', "utf-8")
    with pytest.raises(EvalError, match="q.jsonl:1"):
        load_queries(bad)
    assert [q.kind for q in load_queries(DATA / "eval_queries.jsonl")] == ["keyword", "paraphrase", "crosslingual",
                                                                          "archive"]


def test_kba_eval_json_on_the_real_model(real_index, capsys):
    assert main(["eval", "--index", str(real_index), "--queries", str(DATA / "eval_queries.jsonl"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["counts"]["queries"] == 4
    assert report["overall"]["success@3"] == 1.0  # incl. the archive query against archive documents
    assert report["unknown_labels"] == []


def test_comparison_is_paired_and_its_interval_says_when_it_could_be_chance():
    base = [{"id": f"q{i}", "ndcg@5": 0.5} for i in range(40)]
    same = compare(base, base, metrics=("ndcg@5",))["metrics"]["ndcg@5"]
    assert same["difference"] == 0 and same["ci95"] == [0.0, 0.0] and same["same"] == 40
    better = [{"id": f"q{i}", "ndcg@5": 0.6} for i in range(40)] + [{"id": "new", "ndcg@5": 1.0}]
    result = compare(better, base, metrics=("ndcg@5",))
    assert result["queries"] == 40  # only queries both runs share
    assert result["metrics"]["ndcg@5"]["ci95"][0] > 0 and result["metrics"]["ndcg@5"]["better"] == 40
    one_moved = [{"id": "q0", "ndcg@5": 1.0}] + base[1:]  # +0.0125 on average, from a single query
    assert compare(one_moved, base, metrics=("ndcg@5",))["metrics"]["ndcg@5"]["ci95"][0] == 0.0


def test_kba_eval_compares_with_an_earlier_report(real_index, tmp_path, capsys):
    queries = str(DATA / "eval_queries.jsonl")
    assert main(["eval", "--index", str(real_index), "--queries", queries, "--json"]) == 0
    (tmp_path / "before.json").write_text(capsys.readouterr().out, "utf-8")
    assert main(["eval", "--index", str(real_index), "--queries", queries, "--compare",
                 str(tmp_path / "before.json")]) == 0
    out = capsys.readouterr().out
    assert "4 queries in both" in out and "| ndcg@5 |" in out and "+0.0000" in out
    (tmp_path / "table.md").write_text("| not json |", "utf-8")
    assert main(["eval", "--index", str(real_index), "--queries", queries, "--compare",
                 str(tmp_path / "table.md")]) == 2
    assert "not a `kba eval --json` report" in capsys.readouterr().err


def test_kba_eval_refuses_a_missing_query_file(real_index, tmp_path, capsys):
    assert main(["eval", "--index", str(real_index), "--queries", str(tmp_path / "none.jsonl")]) == 2
    assert "none.jsonl" in capsys.readouterr().err


def test_ablation_table_shows_the_interval_of_each_variant_against_the_default():
    from assistant.bench_quality import ablation_table

    rows = [{"variant": "default", "citizen_ndcg@5": 0.835},
            {"variant": "− hints", "citizen_ndcg@5": 0.790, "citizen_ndcg@5_vs_default_ci95": [-0.061, -0.029]}]
    table = ablation_table(rows).splitlines()
    assert table[0] == "| variant | citizen_ndcg@5 | citizen nDCG@5 − default, 95% interval |"
    assert table[2] == "| default | 0.835 | – |"
    assert table[3] == "| − hints | 0.790 | -0.061 … -0.029 |"
