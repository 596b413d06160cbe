"""The ``kba`` command line: ``kba index``, ``kba serve`` (and later ``eval``, ``bench``).

This is the composition root: it turns settings into the indexer's config objects and starts the
server. Errors an operator can fix are printed as one clear line with exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from indexer.build import IndexLocked, build_index, index_lock
from indexer.embedders import EmbedderError, make_embedder
from indexer.sources import SourceError, SourceResult, read_folder, read_jsonl, source_key
from indexer.store import IndexStoreError

from .settings import SettingsError, get_settings


class CliError(RuntimeError):
    pass


DEFAULT_EVAL_QUERIES = ("corpus/eval/queries.jsonl", "corpus/eval/archive_queries.jsonl")


def _read_source(source: str, kind: str | None) -> SourceResult:
    if "://" in source:
        raise CliError(f"Crawling websites is not available yet: {source}")
    path = Path(source)
    if path.is_dir():
        return read_folder(path, default_kind=kind or "archive")
    if path.suffix.lower() == ".jsonl" and path.is_file():
        return read_jsonl(path, default_kind=kind or "page")
    if not path.exists():
        raise CliError(f"Source {source} does not exist.")
    raise CliError(f"Source {source} is neither a folder, a .jsonl file nor a URL.")


def cmd_index(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    settings = get_settings()
    index_dir = Path(args.index) if args.index else settings.index_dir
    with index_lock(index_dir):
        results = [_read_source(s, args.kind) for s in args.sources]
        for result in results:
            result.source = source_key(result.source)
        embedder = make_embedder(settings.embedder, settings.model)
        bar = tqdm(total=0, unit="passage", desc="Embedding", disable=args.quiet, file=sys.stderr)

        def on_total(total: int) -> None:
            bar.total = total
            bar.refresh()

        report = build_index(index_dir, results, embedder, progress=bar.update, on_total=on_total)
        bar.close()
    summary = (
        f"Index {index_dir} ({report.generation}): {report.documents} documents "
        f"(+{report.added} added, {report.changed} changed, -{report.removed} removed, "
        f"{report.unchanged} unchanged), {report.passages} passages ({report.embedded} embedded, "
        f"{report.reused} reused), {len(report.skipped)} skipped, {report.seconds:.1f} s"
    )
    print(summary, file=sys.stderr)
    for skipped in report.skipped[: 20 if not args.verbose else None]:
        print(f"  skipped {skipped['where']}: {skipped['reason']}", file=sys.stderr)
    if len(report.skipped) > 20 and not args.verbose:
        print(f"  … {len(report.skipped) - 20} more (see --report or --verbose)", file=sys.stderr)
    if args.report:
        Path(args.report).write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=2), "utf-8")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .engine import Engine
    from .main import create_app

    settings = get_settings()
    index_dir = Path(args.index) if args.index else settings.index_dir
    engine = Engine.from_settings(settings, index_dir)  # fail here, with a clear message, not in a worker
    app = create_app(settings, engine)
    host = args.host or settings.host
    port = args.port or settings.port
    print(f"Serving {engine.matcher.index.manifest.documents} documents on http://{host}:{port}", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="info" if args.verbose else "warning")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .engine import Engine
    from .evaluation import EvalError, evaluate, format_table, index_keys, load_queries, matcher_search

    settings = get_settings()
    index_dir = Path(args.index) if args.index else settings.index_dir
    paths = args.queries or [p for p in DEFAULT_EVAL_QUERIES if Path(p).is_file()]
    if not paths:
        raise CliError("No query file: pass --queries FILE.jsonl.")
    try:
        queries = [q for path in paths for q in load_queries(Path(path))]
    except (OSError, EvalError) as exc:
        raise CliError(str(exc)) from None
    matcher = Engine.from_settings(settings, index_dir).matcher
    report = evaluate(queries, matcher_search(matcher), index_keys(matcher))
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_table(report))
    for label in report.unknown_labels[:20]:
        print(f"  label not in the index: {label}", file=sys.stderr)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from .bench import run_topics

    return run_topics(args.topics, args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kba", description="Engagement-Assistent Kaufbeuren-aktiv")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", help="build or update an index from sources (folders, .jsonl, URLs)")
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="folder, .jsonl file or website URL")
    p.add_argument("--index", help="index directory (default: KBA_INDEX_DIR or var/index)")
    p.add_argument("--kind", help="kind for documents that do not say theirs (club, opportunity, project, "
                                  "archive, page)")
    p.add_argument("--report", help="write the run's report as JSON to this file")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--verbose", action="store_true", help="list every skipped item")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("serve", help="serve the API and web pages")
    p.add_argument("--index", help="index directory (default: KBA_INDEX_DIR or var/index)")
    p.add_argument("--host", help="interface to listen on (default: KBA_HOST or 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default: KBA_PORT or 8000)")
    p.add_argument("--verbose", action="store_true", help="log every request")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("eval", help="retrieval quality on labelled queries (nDCG, MRR, Recall, Success)")
    p.add_argument("--index", help="index directory (default: KBA_INDEX_DIR or var/index)")
    p.add_argument("--queries", action="append", metavar="FILE.jsonl",
                   help="labelled queries, repeatable (default: corpus/eval/queries.jsonl and archive_queries.jsonl)")
    p.add_argument("--json", action="store_true", help="print the report as JSON (with per-query rows)")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("bench", help="run benchmarks (speed and quality targets); default: all topics")
    p.add_argument("topics", nargs="*", metavar="TOPIC", help="index, quality, latency")
    p.add_argument("--out", default="var/bench", help="folder for the JSON results (default: var/bench)")
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (CliError, SourceError, EmbedderError, IndexStoreError, IndexLocked, SettingsError) as exc:
        print(f"kba: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("kba: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
