"""``kba bench TOPIC...``: benchmarks that check speed and quality targets (never timed tests).

Each topic lives in its own module with a ``run(args) -> dict`` function; results are printed as a
table and written to ``var/bench/<topic>.json`` so the README can quote them with the command.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

# topic -> module implementing ``run(args: argparse.Namespace) -> dict``
TOPICS = {
    "index": "assistant.bench_index",  # full build, passages/s, no-change re-run (issue 4)
    "quality": "assistant.bench_quality",  # corpus queries, GermanQuAD, STS-B German (issue 5)
    "latency": "assistant.bench_latency",  # /api/match latency and load (issue 5)
    "chat": "assistant.bench_chat",  # labelled queries as first chat turns: answered, asked, relevant (issue 6)
}


def run_topics(topics: list[str], args: Any) -> int:
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    for topic in topics or list(TOPICS):
        if topic not in TOPICS:
            print(f"kba bench: unknown topic {topic!r}; choose from {', '.join(TOPICS)}", file=sys.stderr)
            return 2
        module = importlib.import_module(TOPICS[topic])
        result: dict[str, Any] = module.run(args)
        (out_dir / f"{topic}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), "utf-8")
        print(f"[{topic}] written to {out_dir / (topic + '.json')}", file=sys.stderr)
    return 0
