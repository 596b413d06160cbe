"""The ``kba`` command line: ``kba index``, ``kba serve`` (and later ``eval``, ``bench``).

This is the composition root: it turns settings into the indexer's config objects and starts the
server. Errors an operator can fix are printed as one clear line with exit status 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Sequence

from indexer.build import IndexLocked
from indexer.embedders import EmbedderError
from indexer.sources import SourceError
from indexer.store import IndexStoreError

from .index_cmd import IndexCommandError, add_index_arguments
from .settings import SettingsError, get_settings


class CliError(RuntimeError):
    pass


DEFAULT_EVAL_QUERIES = ("corpus/eval/queries.jsonl", "corpus/eval/archive_queries.jsonl")


def cmd_index(args: argparse.Namespace) -> int:
    from .index_cmd import run_index

    return run_index(args)


def cmd_serve(args: argparse.Namespace) -> int:
    # The model's OpenMP threads spin only briefly before they sleep while they wait. With libgomp's
    # default (long spinning), anything else running on the machine (the nightly `kba index`, other
    # services) made /api/match collapse from ~30 ms to seconds at 20 requests/s, because spinning threads
    # take the cores from the thread they wait for; sleeping at once (OMP_WAIT_POLICY=PASSIVE) cost 8 ms
    # per query on a quiet machine. 1000 spins kept both (README, latency). Read when the model library
    # loads, so set before; an operator's own OpenMP settings win.
    if "OMP_WAIT_POLICY" not in os.environ:
        os.environ.setdefault("GOMP_SPINCOUNT", "1000")
    import uvicorn

    from .engine import Engine, install_reload_signal
    from .main import create_app

    settings = get_settings()
    index_dir = Path(args.index) if args.index else settings.index_dir
    engine = Engine.from_settings(settings, index_dir)  # fail here, with a clear message, not in a worker
    engine.freeze_heap()  # no ~100 ms garbage-collector pauses over the index while serving
    app = create_app(settings, engine)
    host = args.host or settings.host
    port = args.port or settings.port
    print(f"Serving {engine.matcher.index.manifest.documents} documents on http://{host}:{port}", file=sys.stderr)
    install_reload_signal(engine)  # `kill -HUP <pid>` picks up a new index generation
    engine.hold()  # the indexer does not prune the generation we serve
    try:
        uvicorn.run(app, host=host, port=port, log_level="info" if args.verbose else "warning")
    finally:
        engine.release()
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .engine import Engine
    from .evaluation import (EvalError, compare, evaluate, format_comparison, format_table, index_keys,
                             load_baseline, load_queries, matcher_search)

    settings = get_settings()
    index_dir = Path(args.index) if args.index else settings.index_dir
    paths = args.queries or [p for p in DEFAULT_EVAL_QUERIES if Path(p).is_file()]
    if not paths:
        raise CliError("No query file: pass --queries FILE.jsonl.")
    try:
        queries = [q for path in paths for q in load_queries(Path(path))]
        baseline = load_baseline(Path(args.compare)) if args.compare else None
    except (OSError, EvalError) as exc:
        raise CliError(str(exc)) from None
    matcher = Engine.from_settings(settings, index_dir).matcher
    told = [q.id for q in queries if " ".join(q.query.split()) in matcher.examples.wishes]
    if told:  # the index was given these wishes' answers: their figures would measure recall of a lookup
        print(f"WARNING: {len(told)} of the {len(queries)} queries are example wishes of this index "
              f"({', '.join(told[:5])}{' …' if len(told) > 5 else ''}); their figures measure nothing. "
              "Measure other wishes, or an index built with --no-examples.", file=sys.stderr)
    report = evaluate(queries, matcher_search(matcher), index_keys(matcher))
    comparison = compare(report.per_query, baseline) if baseline is not None else None
    if args.json:
        print(json.dumps({**report.as_dict(), **({"comparison": comparison} if comparison else {})},
                         ensure_ascii=False, indent=2))
    else:
        print(format_table(report))
        if comparison is not None:
            print()
            print(format_comparison(comparison, args.compare))
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
    add_index_arguments(p)
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
    p.add_argument("--compare", metavar="BASELINE.json",
                   help="an earlier `kba eval --json` report: paired differences with 95%% bootstrap intervals")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("bench", help="run benchmarks (speed and quality targets); default: all topics")
    p.add_argument("topics", nargs="*", metavar="TOPIC", help="index, quality, latency, chat")
    p.add_argument("--out", default="var/bench", help="folder for the JSON results (default: var/bench)")
    p.set_defaults(func=cmd_bench)

    from .staff_auth import register_cli as register_staff_cli

    register_staff_cli(sub)  # kba staff add USER | remove USER | list
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (CliError, SourceError, EmbedderError, IndexStoreError, IndexLocked, SettingsError,
            IndexCommandError) as exc:
        print(f"kba: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("kba: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
