"""Example wishes: wishes a person already matched to entries ("Ich bastle gern an kaputten Geräten" →
Repair Café 2, Makerspace 1), read from a JSONL file and kept with the index.

Why: a new wish is often close to one somebody wrote before, and a wish and a wish meet in the model's
space far more reliably than a wish and an entry's text. Ranking turns the example wishes nearest to a
new wish into votes for the entries they name (:mod:`assistant.examples`; measured in the README).

The file has the format of the labelled queries (``corpus/eval/queries.jsonl``), one JSON object per line::

    {"query": "Ich bastle gern an kaputten Geräten", "relevant": {"verein-repair-cafe": 2, "https://…": 1}}

``relevant`` names entries by id or URL with a grade (2 fits, 1 fits partly, 0 does not: left out).
Other fields (``id``, ``lang``, ``kind``) are allowed and ignored. The wishes are stored in the index
generation (attachment :data:`ATTACHMENT`), so they switch atomically with the entries they name.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ATTACHMENT = "example_wishes"
MAX_WISH_CHARS = 2000
GRADES = (0, 1, 2)


class ExampleWishError(ValueError):
    """The example-wish file cannot be used; the message names the file and line."""


def parse_example_line(line: str) -> dict[str, Any] | None:
    """One example wish as ``{"query": str, "relevant": {key: 1|2}}``; None for a wish without a fitting
    entry (only grades 0). Raises ValueError with what is wrong."""
    try:
        row = json.loads(line)
    except ValueError as exc:
        raise ValueError(f"not JSON ({exc.msg})") from None
    if not isinstance(row, dict):
        raise ValueError("not a JSON object")
    query = row.get("query")
    if not isinstance(query, str) or not query.strip():
        raise ValueError('"query" must be a non-empty text')
    if len(query) > MAX_WISH_CHARS:
        raise ValueError(f'"query" is longer than {MAX_WISH_CHARS} characters')
    relevant = row.get("relevant")
    if not isinstance(relevant, dict) or not relevant:
        raise ValueError('"relevant" must be an object of entry ids or URLs with grades, e.g. {"verein-x": 2}')
    grades: dict[str, int] = {}
    for key, grade in relevant.items():
        if not str(key).strip():
            raise ValueError('"relevant" has an empty entry id')
        if isinstance(grade, bool) or grade not in GRADES:
            raise ValueError(f'grade of {key!r} must be 0, 1 or 2, not {grade!r}')
        if grade:
            grades[str(key).strip()] = int(grade)
    if not grades:
        return None
    return {"query": " ".join(query.split()), "relevant": grades}


def read_example_wishes(*paths: Path) -> list[dict[str, Any]]:
    """The example wishes of one or more JSONL files, in file order; the same wish twice (in one file or
    across files, e.g. wishes and their translations) is merged (best grade per entry). Raises
    :class:`ExampleWishError` naming the file and line of the first problem."""
    merged: dict[str, dict[str, int]] = {}
    for path in map(Path, paths):
        try:
            text = path.read_text("utf-8")
        except FileNotFoundError:
            raise ExampleWishError(f"Example wishes {path} do not exist.") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ExampleWishError(f"Example wishes {path} cannot be read: {exc}") from None
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                wish = parse_example_line(line)
            except ValueError as exc:
                raise ExampleWishError(f"{path}, line {number}: {exc}.") from None
            if wish is None:
                continue
            grades = merged.setdefault(wish["query"], {})
            for key, grade in wish["relevant"].items():
                grades[key] = max(grade, grades.get(key, 0))
    return [{"query": query, "relevant": grades} for query, grades in merged.items()]
