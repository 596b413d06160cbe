"""Passage length: retrieval quality and build time for a few ``max_tokens`` values (README.md).

    python -m assistant.bench_passages [--sizes 96 160 256] [--germanquad-docs 100]

Two measurements per size, each on a fresh temporary index with the configured embedder and the
ranking exactly as served (``Matcher``):
- the staff archive (corpus/archive + ../shared/seeds) with the labelled staff queries
  corpus/eval/archive_queries.jsonl (nDCG@10, MRR@10, Recall@10 via :mod:`assistant.evaluation`);
- a GermanQuAD subset (the first N passages of ../shared/bench/germanquad and their questions; a passage
  split into several is found if any of its pieces is), MRR@10 and Success@1.
Build time is the embedding time of all passages of that size. Slow (minutes): run it once, by hand.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from indexer.build import build_index
from indexer.chunk import ChunkConfig
from indexer.embedders import make_embedder
from indexer.sources import SourceDocument, SourceResult, read_folder
from indexer.store import load_index

from .evaluation import EvalQuery, evaluate, index_keys, load_queries, matcher_search
from .ranking import Matcher
from .settings import get_settings

ROOT = Path(__file__).resolve().parent.parent
GERMANQUAD = ROOT.parent / "shared" / "bench" / "germanquad"


def _germanquad(limit: int) -> tuple[SourceResult, list[EvalQuery]]:
    docs = [json.loads(line) for line in (GERMANQUAD / "docs.normalized.jsonl").read_text("utf-8").splitlines()
            if line.strip()][:limit]
    ids = {d["doc_id"] for d in docs}
    questions = {q["query_id"]: q["query_text"] for q in map(json.loads, (GERMANQUAD / "queries.normalized.jsonl")
                                                             .read_text("utf-8").splitlines()) if q}
    queries = []
    for line in (GERMANQUAD / "qrels.normalized.jsonl").read_text("utf-8").splitlines():
        rel = json.loads(line)
        if rel["doc_id"] in ids and rel["query_id"] in questions:
            queries.append(EvalQuery(rel["query_id"], questions[rel["query_id"]], {rel["doc_id"]: 1}, "de", "archive"))
    result = SourceResult("germanquad")
    for d in docs:
        title, _, body = d["text"].partition("\n")
        result.documents.append(SourceDocument(d["doc_id"], "", title.strip(), "archive", body.strip() or title))
    return result, queries


def _measure(results, queries, embedder, size: int) -> dict[str, Any]:
    chunk = ChunkConfig(max_tokens=size, overlap_tokens=min(32, size // 4))
    with tempfile.TemporaryDirectory(prefix="kba-passages-") as tmp:
        report = build_index(Path(tmp) / "index", results, embedder, chunk_config=chunk)
        index = load_index(Path(tmp) / "index")
        tokens = [embedder.count_tokens(p.text) for p in index.passages]
        matcher = Matcher(index, embedder)
        started = time.perf_counter()
        quality = evaluate(queries, matcher_search(matcher), index_keys(matcher)).overall
        search_seconds = time.perf_counter() - started
    return {"max_tokens": size, "overlap_tokens": chunk.overlap_tokens, "documents": report.documents,
            "passages": report.passages, "median_tokens": statistics.median(tokens) if tokens else 0,
            "embed_seconds": report.embed_seconds, "passages_per_second": report.passages_per_second,
            "tokens_per_second": round(sum(tokens) / report.embed_seconds, 1) if report.embed_seconds else 0,
            "queries": len(queries), "search_ms": round(1000 * search_seconds / max(1, len(queries)), 1),
            **{k: quality.get(k) for k in ("ndcg@10", "mrr@10", "recall@10", "success@1")}}


def run(args: argparse.Namespace) -> dict[str, Any]:
    settings = get_settings()
    embedder = make_embedder(settings.embedder, settings.model)
    out: dict[str, Any] = {"embedder": f"{embedder.name}:{embedder.model}", "archive": [], "germanquad": []}
    archive_sources = [p for p in (ROOT / "corpus" / "archive", ROOT.parent / "shared" / "seeds") if p.is_dir()]
    archive_queries = ROOT / "corpus" / "eval" / "archive_queries.jsonl"
    if archive_sources and archive_queries.is_file():
        results = [read_folder(p) for p in archive_sources]
        for r, p in zip(results, archive_sources):
            r.source = str(p.resolve())
        queries = load_queries(archive_queries)
        for size in args.sizes:
            row = _measure(results, queries, embedder, size)
            out["archive"].append(row)
            print(f"archive    {json.dumps(row)}", file=sys.stderr)
    if args.germanquad_docs and (GERMANQUAD / "docs.normalized.jsonl").is_file():
        result, queries = _germanquad(args.germanquad_docs)
        for size in args.sizes:
            row = _measure([result], queries, embedder, size)
            out["germanquad"].append(row)
            print(f"germanquad {json.dumps(row)}", file=sys.stderr)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[96, 160, 256])
    parser.add_argument("--germanquad-docs", type=int, default=100)
    parser.add_argument("--out", default="var/bench/passages.json")
    args = parser.parse_args()
    result = run(args)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=2), "utf-8")
    for part in ("archive", "germanquad"):
        for row in result[part]:
            print(f"| {part} | {row['max_tokens']} | {row['passages']} | {row['median_tokens']} | "
                  f"{row['embed_seconds']} | {row['ndcg@10']} | {row['mrr@10']} | {row['recall@10']} | "
                  f"{row['success@1']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
