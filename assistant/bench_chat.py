"""``kba bench chat``: every labelled citizen query (corpus/eval/queries.jsonl) as the first message of
a chat, on the sample corpus index (``make index`` -> var/index).

Counts how often the chat answers at once and how often it asks (by question), whether the entries
it shows contain a relevant one, and compares that with the ranking's own top results for the same
queries (as many as the chat shows). Written to var/bench/chat.json, quoted in README.md.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from indexer.embedders import make_embedder
from indexer.store import IndexStoreError

from .chat_api import dialogue_config
from .dialogue import ChatState, Dialogue
from .settings import get_settings

QUERIES = Path("corpus/eval/queries.jsonl")


def run(args: Any) -> dict[str, Any]:
    from .engine import Engine

    settings = get_settings()
    try:
        matcher = Engine(settings.index_dir, make_embedder(settings.embedder, settings.model)).matcher
    except IndexStoreError as exc:
        return {"skipped": f"no corpus index ({exc}); run `make index` first"}
    config = dialogue_config(settings)
    dialogue = Dialogue(matcher, config=config)
    queries = [json.loads(line) for line in QUERIES.read_text("utf-8").splitlines() if line.strip()]
    total: Counter[str] = Counter()
    by_kind: dict[str, Counter[str]] = {}
    asked: list[dict[str, Any]] = []
    for q in queries:
        relevant = set(q["relevant"])
        _, reply = dialogue.turn(ChatState(), q["query"], lang=q.get("lang"))
        ranking = {m.id for m in matcher.match(q["query"], config.results_per_turn)}
        kind = by_kind.setdefault(q["kind"], Counter())
        for counter in (total, kind):
            counter["queries"] += 1
            if reply.asked:
                counter[f"asked_{reply.asked}"] += 1
            else:
                counter["answered"] += 1
                counter["answered_relevant_shown"] += bool(relevant & {r["id"] for r in reply.results})
                counter["answered_relevant_in_ranking_top"] += bool(relevant & ranking)
        if reply.asked:
            asked.append({"id": q["id"], "query": q["query"], "asked": reply.asked,
                          "ranking_had_relevant": bool(relevant & ranking)})
    result = {"index": str(settings.index_dir), "results_per_turn": config.results_per_turn,
              "weak_score": config.weak_score, "total": dict(total),
              "by_kind": {k: dict(v) for k, v in sorted(by_kind.items())}, "asked": asked}
    print(f"chat first turns: {dict(total)}", file=sys.stderr)
    for k, v in sorted(by_kind.items()):
        print(f"  {k:13s} {dict(v)}", file=sys.stderr)
    return result
