"""``kba index SOURCE... --index DIR``: settings and flags to indexer config objects, progress, summary.

Part of the composition root (see :mod:`assistant.cli`): the indexer package never reads settings.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from indexer.build import BuildReport, PreviousIndex, build_index, index_lock, load_previous
from indexer.chunk import ChunkConfig
from indexer.crawl import CrawlConfig, Crawler
from indexer.embedders import make_embedder
from indexer.examples import ExampleWishError, read_example_wishes
from indexer.fetch import FetchConfig, FetchError, Fetcher
from indexer.sources import SourceResult, read_folder, read_jsonl, source_key

from .settings import Settings, get_settings


class IndexCommandError(RuntimeError):
    """A problem with the command's sources or flags; printed as one line."""


def crawl_config(settings: Settings, args: argparse.Namespace, kind: str | None = None) -> CrawlConfig:
    fetch = FetchConfig(
        user_agent=settings.user_agent,
        connect_timeout=settings.crawl_connect_timeout,
        timeout=settings.crawl_timeout,
        max_bytes=settings.crawl_max_bytes,
        max_redirects=settings.crawl_max_redirects,
        allow_private=settings.allow_private_addresses,
    )
    return CrawlConfig(
        fetch=fetch,
        delay=settings.crawl_delay,
        delay_explicit="crawl_delay" in settings.model_fields_set,
        max_robots_delay=settings.crawl_max_robots_delay,
        max_pages=args.max_pages or settings.crawl_max_pages,
        max_depth=args.max_depth if args.max_depth is not None else settings.crawl_max_depth,
        allow=tuple(settings.crawl_allow) + tuple(args.allow or ()),
        deny=tuple(settings.crawl_deny) + tuple(args.deny or ()),
        use_sitemap=not args.no_sitemap,
        default_kind=kind or "page",
    )


def read_source(source: str, args: argparse.Namespace, settings: Settings, previous: PreviousIndex) -> SourceResult:
    key = source_key(source)
    if "://" in source:
        return _crawl(source, key, args, settings, previous)
    path = Path(source)
    if path.is_dir():
        result = read_folder(path, default_kind=args.kind)
    elif path.suffix.lower() == ".jsonl" and path.is_file():
        result = read_jsonl(path, default_kind=args.kind or "page")
    elif not path.exists():
        raise IndexCommandError(f"Source {source} does not exist.")
    else:
        raise IndexCommandError(f"Source {source} is neither a folder, a .jsonl file nor a URL.")
    result.source = key
    return result


def _crawl(url: str, key: str, args: argparse.Namespace, settings: Settings, previous: PreviousIndex) -> SourceResult:
    from tqdm import tqdm

    if not url.startswith(("http://", "https://")):
        raise IndexCommandError(f"Only http and https URLs can be crawled, not {url}.")
    config = crawl_config(settings, args, args.kind)
    fetcher = Fetcher(config.fetch)
    try:
        fetcher.check_address(url)
    except FetchError as exc:
        raise IndexCommandError(f"Cannot crawl {url}: {exc.reason}") from None
    bar = tqdm(unit="page", desc=f"Crawling {url}", disable=args.quiet, file=sys.stderr, leave=False)
    try:
        crawler = Crawler(config, fetcher, progress=lambda _url: bar.update(1))
        return crawler.crawl(url, previous.documents_of(key), previous.crawl_state.get(key), source=key)
    finally:
        bar.close()
        fetcher.close()


def summary(report: BuildReport, index_dir: Path) -> str:
    fetched = sum(c.get("fetched", 0) for c in report.crawl.values())
    not_modified = sum(c.get("not_modified", 0) for c in report.crawl.values())
    lines = [
        f"Index {index_dir}: " + (f"new generation {report.generation}" if report.new_generation
                                  else f"nothing changed, generation {report.generation} stays current"),
        f"  documents {report.documents}: +{report.added} added, {report.changed} changed, "
        f"-{report.removed} removed, {report.unchanged} unchanged"
        + (f", {report.kept_incomplete} kept from incomplete sources" if report.kept_incomplete else ""),
        f"  passages {report.passages}: {report.embedded} embedded"
        + (f" ({report.passages_per_second:g}/s)" if report.embedded else "") + f", {report.reused} reused",
    ]
    if report.crawl:
        lines.append(f"  pages fetched {fetched}, not modified (304) {not_modified}")
    if report.example_wishes:
        lines.append(f"  example wishes {report.example_wishes}" + (
            f" ({report.example_wishes_unmatched} name no entry of this index and are ignored)"
            if report.example_wishes_unmatched else ""))
    if report.skipped_by_reason:
        lines.append("  skipped: " + "; ".join(f"{reason} {n}" for reason, n in report.skipped_by_reason.items()))
    lines.append(f"  {report.seconds + report.read_seconds:.1f} s (reading sources {report.read_seconds:.1f} s, "
                 f"embedding {report.embed_seconds:.1f} s)")
    return "\n".join(lines)


def write_report(path: Path, data: dict[str, Any]) -> None:
    """Written to a temporary file and renamed: a reader never sees half a report."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
    os.replace(tmp, path)


def run_index(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    settings = get_settings()
    index_dir = Path(args.index) if args.index else settings.index_dir
    chunk = ChunkConfig(max_tokens=settings.chunk_max_tokens,
                        overlap_tokens=min(settings.chunk_overlap_tokens, settings.chunk_max_tokens // 2))
    examples = None  # keep the previous generation's
    if args.no_examples:
        examples = []
    elif args.examples:
        try:
            examples = read_example_wishes(*map(Path, args.examples))
        except ExampleWishError as exc:
            raise IndexCommandError(str(exc)) from None
    with index_lock(index_dir):
        started = time.perf_counter()
        previous = load_previous(index_dir)
        results = [read_source(s, args, settings, previous) for s in args.sources]
        read_seconds = time.perf_counter() - started
        embedder = make_embedder(settings.embedder, settings.model)
        bar = tqdm(total=0, unit="passage", desc="Embedding", disable=args.quiet, file=sys.stderr)

        def on_total(total: int) -> None:
            bar.total = total
            bar.refresh()

        try:
            report = build_index(index_dir, results, embedder, chunk_config=chunk, previous=previous,
                                 progress=bar.update, on_total=on_total, example_wishes=examples)
        finally:
            bar.close()
        report.read_seconds = round(read_seconds, 3)
        # Ranking's keyword and example-wish vectors (assistant/keywords.py, assistant/examples.py), so
        # that `kba serve` starts without embedding.
        from indexer.examples import ATTACHMENT
        from indexer.store import load_index, read_attachment

        from . import examples as example_channel
        from . import keywords

        index = load_index(index_dir)
        keywords.warm_cache(index_dir, index.documents, embedder)
        example_channel.warm_cache(index_dir, read_attachment(index.path, ATTACHMENT) or [], embedder)
    print(summary(report, index_dir), file=sys.stderr)
    listed = report.skipped if args.verbose else [s for s in report.skipped][:20]
    for skipped in listed:
        print(f"  skipped {skipped['where']}: {skipped['reason']}", file=sys.stderr)
    if len(report.skipped) > len(listed):
        print(f"  … {len(report.skipped) - len(listed)} more (see --report or --verbose)", file=sys.stderr)
    if args.report:
        write_report(Path(args.report), report.as_dict())
    return 0


def add_index_arguments(p: argparse.ArgumentParser) -> None:
    """Crawler flags of ``kba index`` (settings give the defaults)."""
    p.add_argument("--allow", action="append", metavar="PATTERN",
                   help="crawl only paths matching this glob (e.g. '/vereine/*'); repeatable; adds to KBA_CRAWL_ALLOW")
    p.add_argument("--deny", action="append", metavar="PATTERN",
                   help="never crawl paths matching this glob (e.g. '/kalender*'); repeatable; adds to KBA_CRAWL_DENY")
    p.add_argument("--max-pages", type=int, help="stop a crawl after this many pages (default KBA_CRAWL_MAX_PAGES)")
    p.add_argument("--max-depth", type=int, help="follow links this deep from the start page (default KBA_CRAWL_MAX_DEPTH)")
    p.add_argument("--no-sitemap", action="store_true", help="do not read sitemap.xml")
    examples = p.add_mutually_exclusive_group()
    examples.add_argument("--examples", metavar="WISHES.jsonl", action="append",
                          help="example wishes matched to entries (format of corpus/eval/queries.jsonl); repeatable "
                               "(the files are joined); they replace the index's; without this flag the index keeps "
                               "the ones it has")
    examples.add_argument("--no-examples", action="store_true", help="remove the index's example wishes")
