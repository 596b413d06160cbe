"""Retrieval evaluation: metrics over labelled queries, overall and per query kind and language.

Query file (JSONL, see corpus/SCHEMA.md)::

    {"id": "q001", "query": "...", "lang": "de", "kind": "keyword", "relevant": {"<id or URL>": 2|1}}

Grades: 2 = ideal, 1 = acceptable. nDCG uses the grades as linear gains (DCG = sum grade / log2(rank+1)),
the ideal ranking being all labelled entries by grade; MRR, Recall and Success count any grade >= 1.
Queries of kind ``archive`` are run against archive documents, all others against citizen kinds.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

METRICS = ("ndcg@5", "ndcg@10", "mrr@10", "recall@5", "recall@10", "success@1", "success@3")
DEPTH = 10  # results asked for per query


class EvalError(ValueError):
    pass


@dataclass(frozen=True)
class EvalQuery:
    id: str
    query: str
    relevant: Mapping[str, int]
    lang: str = "de"
    kind: str = ""


@dataclass(frozen=True)
class Hit:
    """One ranked result as the harness sees it: it counts as relevant if its id or URL is labelled."""

    id: str
    url: str = ""


def load_queries(path: Path) -> list[EvalQuery]:
    queries, seen = [], set()
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                qid, text, relevant = str(raw["id"]), str(raw["query"]), raw["relevant"]
                grades = {str(k): int(v) for k, v in relevant.items()}
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise EvalError(f"{path}:{number}: not a query record ({exc})") from None
            if qid in seen:
                raise EvalError(f"{path}:{number}: duplicate query id {qid!r}")
            seen.add(qid)
            queries.append(EvalQuery(qid, text, grades, str(raw.get("lang") or "de"), str(raw.get("kind") or "")))
    return queries


def grade_of(hit: Hit, relevant: Mapping[str, int]) -> int:
    return max(relevant.get(hit.id, 0), relevant.get(hit.url, 0) if hit.url else 0)


def dcg(gains: Sequence[float]) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def query_metrics(hits: Sequence[Hit], relevant: Mapping[str, int]) -> dict[str, float]:
    """All metrics of one ranked list against one query's labels (hand-checkable, see tests)."""
    grades = [grade_of(h, relevant) for h in hits[:DEPTH]]
    wanted = [g for g in relevant.values() if g > 0]
    ideal = sorted(wanted, reverse=True)
    out: dict[str, float] = {}
    for k in (5, 10):
        best = dcg(ideal[:k])
        out[f"ndcg@{k}"] = dcg(grades[:k]) / best if best > 0 else 0.0
    first = next((i for i, g in enumerate(grades) if g > 0), None)
    out["mrr@10"] = 1.0 / (first + 1) if first is not None else 0.0
    for k in (5, 10):
        out[f"recall@{k}"] = sum(1 for g in grades[:k] if g > 0) / len(wanted) if wanted else 0.0
    for k in (1, 3):
        out[f"success@{k}"] = 1.0 if first is not None and first < k else 0.0
    return out


@dataclass
class EvalReport:
    overall: dict[str, float]
    by_kind: dict[str, dict[str, float]]
    by_lang: dict[str, dict[str, float]]
    counts: dict[str, Any]
    per_query: list[dict[str, Any]] = field(default_factory=list)
    unknown_labels: list[str] = field(default_factory=list)

    def as_dict(self, with_queries: bool = True) -> dict[str, Any]:
        out = {"overall": self.overall, "by_kind": self.by_kind, "by_lang": self.by_lang, "counts": self.counts,
               "unknown_labels": self.unknown_labels}
        if with_queries:
            out["per_query"] = self.per_query
        return out


def _mean(rows: list[dict[str, float]]) -> dict[str, float]:
    return {m: round(sum(r[m] for r in rows) / len(rows), 4) for m in METRICS} if rows else {}


def evaluate(queries: Iterable[EvalQuery], search: Callable[[EvalQuery], Sequence[Hit]],
             known_keys: Iterable[str] | None = None) -> EvalReport:
    """Run ``search`` for every query and aggregate. ``known_keys`` (ids and URLs in the index) lets
    the report list labels that point at nothing, a labelling mistake rather than a ranking one."""
    known = set(known_keys) if known_keys is not None else None
    rows, unknown = [], set()
    for q in queries:
        hits = list(search(q))[:DEPTH]
        metrics = query_metrics(hits, q.relevant)
        if known is not None:
            unknown.update(f"{q.id}:{key}" for key in q.relevant if key not in known)
        rows.append({"id": q.id, "kind": q.kind, "lang": q.lang, "query": q.query, **metrics,
                     "top": [h.id for h in hits[:5]]})
    by_kind = {k: _mean([r for r in rows if r["kind"] == k]) for k in sorted({r["kind"] for r in rows})}
    by_lang = {k: _mean([r for r in rows if r["lang"] == k]) for k in sorted({r["lang"] for r in rows})}
    counts = {"queries": len(rows), "by_kind": {k: sum(r["kind"] == k for r in rows) for k in by_kind},
              "by_lang": {k: sum(r["lang"] == k for r in rows) for k in by_lang}}
    return EvalReport(_mean(rows), by_kind, by_lang, counts, rows, sorted(unknown))


def format_table(report: EvalReport) -> str:
    """Markdown table: overall, then one row per query kind and per language."""
    head = "| queries | n | " + " | ".join(METRICS) + " |"
    lines = [head, "|" + "---|" * (len(METRICS) + 2)]

    def row(name: str, n: int, values: dict[str, float]) -> str:
        return f"| {name} | {n} | " + " | ".join(f"{values.get(m, 0):.3f}" for m in METRICS) + " |"

    lines.append(row("**all**", report.counts["queries"], report.overall))
    for kind, values in report.by_kind.items():
        lines.append(row(f"kind {kind or '-'}", report.counts["by_kind"][kind], values))
    for lang, values in report.by_lang.items():
        lines.append(row(f"lang {lang}", report.counts["by_lang"][lang], values))
    return "\n".join(lines)


def matcher_search(matcher: Any, depth: int = DEPTH) -> Callable[[EvalQuery], list[Hit]]:
    """The search the harness runs: ``Matcher.match`` exactly as ``/api/match`` calls it, archive
    queries against archive documents."""
    from .ranking import ARCHIVE_KINDS, CITIZEN_KINDS

    def search(q: EvalQuery) -> list[Hit]:
        kinds = ARCHIVE_KINDS if q.kind == "archive" else CITIZEN_KINDS
        return [Hit(m.id, m.url) for m in matcher.match(q.query, depth, kinds=kinds)]

    return search


def index_keys(matcher: Any) -> set[str]:
    keys = set()
    for doc in matcher.index.documents:
        keys.add(doc.id)
        if doc.url:
            keys.add(doc.url)
    return keys


# ------------------------------------------------------------------------------------ paired comparison

COMPARED = ("ndcg@5", "ndcg@10", "mrr@10", "success@3")


def load_baseline(path: Path) -> list[dict[str, Any]]:
    """The per-query rows of an earlier ``kba eval --json`` report."""
    try:
        data = json.loads(Path(path).read_text("utf-8"))
        rows = data["per_query"]
        if not isinstance(rows, list) or not all(isinstance(r, dict) and "id" in r for r in rows):
            raise TypeError("per_query is not a list of query rows")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EvalError(f"{path}: not a `kba eval --json` report with per-query rows ({exc})") from None
    return rows


def compare(now: Sequence[Mapping[str, Any]], baseline: Sequence[Mapping[str, Any]],
            metrics: Sequence[str] = COMPARED, resamples: int = 2000, seed: int = 0) -> dict[str, Any]:
    """Per metric: both means over the queries the two runs share, their difference, a 95% interval of
    the difference by paired bootstrap over queries, and how many queries got better, worse or stayed.

    Why: a change of a few thousandths in a mean over 230 queries is often one or two queries moving;
    the interval says whether a difference could as well be chance."""
    import numpy as np

    before = {str(r["id"]): r for r in baseline}
    shared = [r for r in now if str(r["id"]) in before]
    out: dict[str, Any] = {"queries": len(shared), "metrics": {}}
    if not shared:
        return out
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(shared), size=(resamples, len(shared)))
    for m in metrics:
        a = np.array([float(before[str(r["id"])].get(m, 0.0)) for r in shared])
        b = np.array([float(r.get(m, 0.0)) for r in shared])
        diff = b - a
        means = diff[picks].mean(axis=1)
        low, high = np.percentile(means, [2.5, 97.5])
        out["metrics"][m] = {"baseline": round(float(a.mean()), 4), "now": round(float(b.mean()), 4),
                             "difference": round(float(diff.mean()), 4),
                             "ci95": [round(float(low), 4), round(float(high), 4)],
                             "better": int((diff > 1e-9).sum()), "worse": int((diff < -1e-9).sum()),
                             "same": int((abs(diff) <= 1e-9).sum())}
    return out


def format_comparison(result: Mapping[str, Any], name: str) -> str:
    lines = [f"Compared with {name} ({result['queries']} queries in both; 95% interval by paired bootstrap):",
             "| metric | baseline | now | difference | 95% interval | better / worse / same |", "|---|---|---|---|---|---|"]
    for m, v in result["metrics"].items():
        low, high = v["ci95"]
        lines.append(f"| {m} | {v['baseline']:.3f} | {v['now']:.3f} | {v['difference']:+.4f} | "
                     f"{low:+.4f} … {high:+.4f} | {v['better']} / {v['worse']} / {v['same']} |")
    return "\n".join(lines)
