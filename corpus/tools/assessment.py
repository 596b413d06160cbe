#!/usr/bin/env python3
"""Pooled, blind re-assessment of the citizen queries' relevance labels (corpus/eval/ASSESSMENT.md).

    python3 corpus/tools/assessment.py pool --index var/index --out DIR    # packets for the assessors
    python3 corpus/tools/assessment.py apply DIR/judged_*.jsonl             # labels from their grades
    python3 corpus/tools/assessment.py deepen --index var/index --out DIR  # later: what the ranking now shows
    python3 corpus/tools/assessment.py apply-deepened DIR/judged_*.jsonl    # ... and was never graded
    python3 corpus/tools/assessment.py sync-translations    # translated training wishes: their source's labels

Both take ``--queries FILE`` (and ``apply`` ``--record FILE``) to grade another set of wishes the same way,
e.g. the training wishes of the fine-tuned embedder, which must never be the evaluation set.

``pool``: per query the entries labelled so far plus the top 10 of three rankings (dense only, German BM25
only, the default hybrid; no relevance cut, no diversity), in an order that depends only on the ids, so the
assessor cannot tell where a candidate came from; also a catalogue of every entry to read.
``apply``: ``corpus/eval/queries.jsonl`` gets as labels every candidate graded 1 or 2 plus the entries the
assessors added from the catalogue; ``corpus/eval/assessment.jsonl`` keeps pool, grades and reasons.
``deepen``: when the ranking has changed, the entries of its top ``--depth`` (as ``kba eval`` runs it) that
no assessor has graded for that query, mixed with two entries graded before (one relevant, one not) so the
assessor cannot tell new from old; the key (which is which, earlier grades) goes to ``DIR.key.jsonl``.
``apply-deepened``: the new entries' grades are added to the record and 1s and 2s to the labels; earlier
labels stay as they are, and the agreement on the re-graded entries is printed.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "corpus" / "eval" / "queries.jsonl"
RECORD = ROOT / "corpus" / "eval" / "assessment.jsonl"
CARD_FIELDS = ("kind", "title", "category", "district", "tags", "summary", "target_groups", "age_min", "age_max",
               "times", "weekdays", "time_of_day", "frequency", "barrier_free", "accessibility", "languages", "role",
               "organisation", "tasks", "time_needed", "requirements", "how_to_join", "offers")


def entries() -> list[dict]:
    return [json.loads(line) for path in sorted((ROOT / "corpus" / "data").glob("*.jsonl"))
            for line in path.open(encoding="utf-8") if line.strip()]


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def write_jsonl(path: Path, rows: list[dict]) -> None:
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    tmp.replace(path)


def catalogue(out: Path) -> None:
    """catalogue.md (every entry in detail) and overview.md (one line per entry, to scan)."""
    with (out / "catalogue.md").open("w", encoding="utf-8") as cat, (out / "overview.md").open("w") as ov:
        for e in entries():
            cat.write(f"## {e['id']}\n")
            for key in CARD_FIELDS:
                value = e.get(key)
                if value in (None, "", []):
                    continue
                cat.write(f"- {key}: {', '.join(map(str, value)) if isinstance(value, list) else value}\n")
            text = e["description"].replace("\n", " ")
            cat.write(f"- description: {text[:900]}{'…' if len(text) > 900 else ''}\n\n")
            ov.write(f"{e['id']} | {e['kind']} | {e['title']} | {e['district']} | {', '.join(e['tags'])} | "
                     f"{e['summary']}\n")


def pool(index: Path, out: Path, packets: int, queries: Path = QUERIES) -> None:
    sys.path.insert(0, str(ROOT))
    from assistant.engine import Engine
    from assistant.ranking import CITIZEN_KINDS, DEFAULT_CONFIG, configured
    from assistant.settings import get_settings
    from indexer.embedders import make_embedder

    settings = get_settings()
    base = Engine(index, make_embedder(settings.embedder, settings.model)).matcher
    off = {"min_relevance": None, "per_group": 0}
    systems = [
        configured(DEFAULT_CONFIG, **off),
        configured(DEFAULT_CONFIG, lexical_weight=0.0, keyword_weight=0.0, hints=False, glossary_weight=0.0, **off),
        configured(DEFAULT_CONFIG, dense_weight=0.0, keyword_weight=0.0, coverage_scaled=False, hints=False,
                   glossary_weight=0.0, **off),
    ]
    matchers = [base.with_config(c) for c in systems]
    rows = []
    for q in read_jsonl(queries):
        candidates = set(q["relevant"])
        for matcher in matchers:
            candidates |= {m.id for m in matcher.match(q["query"], 10, kinds=CITIZEN_KINDS)}
        ordered = sorted(candidates, key=lambda i: hashlib.sha1((q["id"] + i).encode()).hexdigest())
        rows.append({"id": q["id"], "query": q["query"], "lang": q["lang"], "kind": q["kind"], "candidates": ordered})
    out.mkdir(parents=True, exist_ok=True)
    for n in range(packets):
        write_jsonl(out / f"packet_{n}.jsonl", rows[n::packets])
    catalogue(out)
    print(f"{len(rows)} queries, {sum(len(r['candidates']) for r in rows)} candidates, {packets} packets in {out}")


def apply(judged: list[Path], queries_path: Path = QUERIES, record_path: Path = RECORD) -> None:
    known = {e["id"] for e in entries()}
    grades = {}
    for path in judged:
        for row in read_jsonl(path):
            grades[row["id"]] = row
    queries = read_jsonl(queries_path)
    record = []
    for q in queries:
        row = grades.get(q["id"])
        if row is None:
            raise SystemExit(f"no grades for {q['id']}")
        # (site pages such as barrierefreiheit.html are candidates too; they are no entry to label)
        bad = [i for i, g in list(row["grades"].items()) + list(row.get("added", {}).items()) if g and i not in known]
        if bad or any(g not in (0, 1, 2) for g in row["grades"].values()):
            raise SystemExit(f"{q['id']}: unknown entries or grades: {bad}")
        relevant = {i: g for i, g in row["grades"].items() if g > 0}
        relevant.update({i: g for i, g in row.get("added", {}).items() if g > 0 and i not in row["grades"]})
        if not relevant:
            raise SystemExit(f"{q['id']}: the assessor found nothing relevant; look at it by hand")
        record.append({"id": q["id"], "query": q["query"], "labels_before": q["relevant"],
                       "grades": row["grades"], "added": row.get("added", {}), "why": row.get("why", {})})
        q["relevant"] = dict(sorted(relevant.items(), key=lambda kv: (-kv[1], kv[0])))
    write_jsonl(queries_path, queries)
    write_jsonl(record_path, record)
    print(f"{len(queries)} queries relabelled; record in {record_path}")


def deepen(index: Path, out: Path, packets: int, depth: int, queries: Path = QUERIES,
           record_path: Path = RECORD, controls: bool = True) -> None:
    sys.path.insert(0, str(ROOT))
    from assistant.engine import Engine
    from assistant.evaluation import load_queries, matcher_search
    from assistant.settings import get_settings
    from indexer.embedders import make_embedder

    settings = get_settings()
    search = matcher_search(Engine(index, make_embedder(settings.embedder, settings.model)).matcher, depth)
    graded = {r["id"]: {**r["grades"], **r.get("added", {})} for r in read_jsonl(record_path)}
    rows, key = [], []
    for q in load_queries(queries):
        before = graded.get(q.id, {})
        new = [h.id for h in search(q)[:depth] if h.id not in before]
        if not new:
            continue
        by_hash = sorted(before, key=lambda i: hashlib.sha1((q.id + i).encode()).hexdigest())
        old = ([i for i in by_hash if before[i] > 0][:1] + [i for i in by_hash if before[i] == 0][:1]) if controls else []
        ordered = sorted(new + old, key=lambda i: hashlib.sha1((q.id + "/" + i).encode()).hexdigest())
        rows.append({"id": q.id, "query": q.query, "lang": q.lang, "kind": q.kind, "candidates": ordered})
        key.append({"id": q.id, "new": new, "regraded": {i: before[i] for i in old}})
    out.mkdir(parents=True, exist_ok=True)
    for n in range(packets):
        write_jsonl(out / f"packet_{n}.jsonl", rows[n::packets])
    write_jsonl(out.with_name(out.name + ".key.jsonl"), key)
    catalogue(out)
    print(f"{len(rows)} queries, {sum(len(k['new']) for k in key)} entries never graded, "
          f"{sum(len(k['regraded']) for k in key)} graded before, {packets} packets in {out}")


def apply_deepened(judged: list[Path], key_path: Path, queries_path: Path = QUERIES,
                   record_path: Path = RECORD) -> None:
    known = {e["id"] for e in entries()}
    grades = {row["id"]: row for path in judged for row in read_jsonl(path)}
    keys = {k["id"]: k for k in read_jsonl(key_path)}
    queries, record = read_jsonl(queries_path), {r["id"]: r for r in read_jsonl(record_path)}
    added = same = regraded = 0
    for q in queries:
        k = keys.get(q["id"])
        if k is None:
            continue
        row = grades.get(q["id"])
        if row is None:
            raise SystemExit(f"no grades for {q['id']}")
        missing = [i for i in k["new"] + list(k["regraded"]) if i not in row["grades"]]
        if missing or any(g not in (0, 1, 2) for g in row["grades"].values()):
            raise SystemExit(f"{q['id']}: entries not graded 0, 1 or 2: {missing or row['grades']}")
        for i, before in k["regraded"].items():
            regraded += 1
            same += row["grades"][i] == before
        rec = record[q["id"]]
        # A site page such as barrierefreiheit.html can be among the results; it is no entry to label.
        pages = [i for i in k["new"] if i not in known]
        if pages:
            print(f"{q['id']}: not an entry, left out: {', '.join(pages)}")
        for i in (i for i in k["new"] if i in known):
            rec["grades"][i] = row["grades"][i]
            rec.setdefault("deepened", []).append(i)
            if row["grades"][i] > 0:
                if not row.get("why", {}).get(i):
                    raise SystemExit(f"{q['id']}: {i} is graded {row['grades'][i]} without a reason")
                added += 1
                q["relevant"][i] = row["grades"][i]
                rec["why"][i] = row["why"][i]
        q["relevant"] = dict(sorted(q["relevant"].items(), key=lambda kv: (-kv[1], kv[0])))
    write_jsonl(queries_path, queries)
    write_jsonl(record_path, list(record.values()))
    print(f"{sum(len(k['new']) for k in keys.values())} new entries graded, {added} relevant added to the labels; "
          f"entries graded before: {same} of {regraded} got the same grade again")


def sync_translations(translated_path: Path, queries_path: Path) -> None:
    """Translated wishes (``translated_from``) take their source's labels again after it was re-graded."""
    source = {q["id"]: q["relevant"] for q in read_jsonl(queries_path)}
    rows = read_jsonl(translated_path)
    changed = 0
    for row in rows:
        labels = source[row["translated_from"]]
        changed += row["relevant"] != labels
        row["relevant"] = dict(labels)
    write_jsonl(translated_path, rows)
    print(f"{changed} of {len(rows)} translated wishes took their source's new labels")


def _expand(patterns: list[Path]) -> list[Path]:
    """``judged_*.jsonl`` as the shell would (also when the pattern arrives unexpanded)."""
    return [Path(p) for pattern in patterns for p in glob.glob(str(pattern))] or patterns


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("pool")
    p.add_argument("--index", type=Path, default=ROOT / "var" / "index")
    p.add_argument("--out", type=Path, default=ROOT / "var" / "judge")
    p.add_argument("--packets", type=int, default=8)
    p.add_argument("--queries", type=Path, default=QUERIES)
    a = sub.add_parser("apply")
    a.add_argument("judged", nargs="+", type=Path)
    a.add_argument("--queries", type=Path, default=QUERIES)
    a.add_argument("--record", type=Path, default=RECORD)
    d = sub.add_parser("deepen")
    d.add_argument("--index", type=Path, default=ROOT / "var" / "index")
    d.add_argument("--out", type=Path, default=ROOT / "var" / "judge-deepen")
    d.add_argument("--packets", type=int, default=4)
    d.add_argument("--depth", type=int, default=10)
    d.add_argument("--queries", type=Path, default=QUERIES)
    d.add_argument("--record", type=Path, default=RECORD)
    d.add_argument("--no-controls", action="store_true", help="only the new entries (half the grading)")
    ad = sub.add_parser("apply-deepened")
    ad.add_argument("judged", nargs="+", type=Path)
    ad.add_argument("--key", type=Path, required=True)
    ad.add_argument("--queries", type=Path, default=QUERIES)
    ad.add_argument("--record", type=Path, default=RECORD)
    st = sub.add_parser("sync-translations")
    st.add_argument("--translated", type=Path, default=ROOT / "corpus" / "train" / "translated.jsonl")
    st.add_argument("--queries", type=Path, default=ROOT / "corpus" / "train" / "wishes.jsonl")
    args = parser.parse_args()
    if args.command == "pool":
        pool(args.index, args.out, args.packets, args.queries)
    elif args.command == "deepen":
        deepen(args.index, args.out, args.packets, args.depth, args.queries, args.record, not args.no_controls)
    elif args.command == "sync-translations":
        sync_translations(args.translated, args.queries)
    elif args.command == "apply-deepened":
        apply_deepened(_expand(args.judged), args.key, args.queries, args.record)
    else:
        apply(_expand(args.judged), args.queries, args.record)


if __name__ == "__main__":
    main()
