"""``kba bench index``: full build of the sample corpus, embedding speed, and a re-run with nothing changed.

Sources as ``make index`` names them: corpus/site, corpus/archive and ../shared/seeds (folders), built
into a temporary index with the configured embedder and passage settings. Target: the no-change re-run
takes under 10 % of the full build and embeds no passage. Slow (minutes, the full corpus is embedded):
run it once per change worth measuring, not in tests.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from indexer.build import BuildReport, build_index, index_lock, load_previous
from indexer.chunk import ChunkConfig
from indexer.embedders import Embedder, make_embedder
from indexer.sources import read_folder, source_key
from indexer.store import load_index

from .settings import get_settings

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "corpus" / "site", ROOT / "corpus" / "archive", ROOT.parent / "shared" / "seeds")
TARGET_RATIO = 0.10


def _run(index_dir: Path, sources: list[Path], embedder: Embedder, chunk: ChunkConfig) -> tuple[BuildReport, float]:
    """One ``kba index`` run as the CLI does it: lock, previous state, read sources, build."""
    started = time.perf_counter()
    with index_lock(index_dir):
        previous = load_previous(index_dir)
        results = []
        for path in sources:
            result = read_folder(path)
            result.source = source_key(str(path))
            results.append(result)
        read_seconds = time.perf_counter() - started
        report = build_index(index_dir, results, embedder, chunk_config=chunk, previous=previous)
    report.read_seconds = round(read_seconds, 3)
    return report, time.perf_counter() - started


def run(args: argparse.Namespace) -> dict[str, Any]:
    settings = get_settings()
    embedder = make_embedder(settings.embedder, settings.model)
    chunk = ChunkConfig(max_tokens=settings.chunk_max_tokens,
                        overlap_tokens=min(settings.chunk_overlap_tokens, settings.chunk_max_tokens // 2))
    sources = [p for p in SOURCES if p.is_dir()]
    missing = [str(p) for p in SOURCES if not p.is_dir()]
    tmp = Path(tempfile.mkdtemp(prefix="kba-bench-index-"))
    try:
        full, full_seconds = _run(tmp / "index", sources, embedder, chunk)
        rerun, rerun_seconds = _run(tmp / "index", sources, embedder, chunk)
        passages = load_index(tmp / "index").passages
        tokens = sum(embedder.count_tokens(p.text) for p in passages)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    ratio = rerun_seconds / full_seconds if full_seconds else 0.0
    result = {
        "sources": [str(p) for p in sources], "missing_sources": missing,
        "embedder": f"{embedder.name}:{embedder.model}", "chunk": {"max_tokens": chunk.max_tokens,
                                                                  "overlap_tokens": chunk.overlap_tokens},
        "documents": full.documents, "passages": full.passages, "passage_tokens": tokens,
        "full_build_seconds": round(full_seconds, 2), "full_read_seconds": full.read_seconds,
        "full_embed_seconds": full.embed_seconds, "passages_embedded": full.embedded,
        "passages_per_second": full.passages_per_second,
        "tokens_per_second": round(tokens / full.embed_seconds, 1) if full.embed_seconds else 0.0,
        "rerun_seconds": round(rerun_seconds, 2), "rerun_ratio": round(ratio, 4),
        "rerun_passages_embedded": rerun.embedded, "rerun_new_generation": rerun.new_generation,
        "target": f"re-run < {TARGET_RATIO:.0%} of the full build, 0 passages re-embedded",
        "target_met": ratio < TARGET_RATIO and rerun.embedded == 0,
        "skipped_by_reason": full.skipped_by_reason,
    }
    rows = [("documents / passages", f"{full.documents} / {full.passages} ({tokens} tokens)"),
            ("full build", f"{full_seconds:.1f} s (reading {full.read_seconds:.1f} s, embedding {full.embed_seconds:.1f} s)"),
            ("embedding speed", f"{full.passages_per_second:g} passages/s, {result['tokens_per_second']:g} tokens/s"),
            ("re-run, nothing changed", f"{rerun_seconds:.2f} s = {ratio:.1%} of the full build, "
                                        f"{rerun.embedded} passages embedded, new generation: {rerun.new_generation}"),
            ("target met", str(result["target_met"]))]
    width = max(len(k) for k, _ in rows)
    print("\n".join(f"{k.ljust(width)}  {v}" for k, v in rows))
    if missing:
        print(f"(missing sources, not measured: {', '.join(missing)})")
    return result
