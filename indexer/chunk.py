"""Split a document into passages for embedding: on headings and paragraphs, with overlap, title kept.

Pure functions; the token counter is passed in (the embedder's own tokenizer in production, a word
count in tests). Passage length is a quality and a speed decision; see the README for the measurement
behind the defaults.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

TokenCounter = Callable[[str], int]
# Bump when split_passages cuts differently: an index built with other rules re-derives its passages
# (unchanged passage texts still come from the embedding cache).
CHUNK_RULES = 3

_ABBREVIATIONS = ("z. B.", "z.B.", "u. a.", "u.a.", "d. h.", "d.h.", "bzw.", "ca.", "Nr.", "Dr.", "Str.",
                  "usw.", "etc.", "evtl.", "ggf.", "inkl.", "max.", "min.", "Tel.", "vgl.", "s. o.", "St.",
                  "e. V.", "e.V.", "Jh.", "Abs.", "Mio.", "Mrd.", "Prof.", "Hr.", "Fr.", "o. ä.", "u. ä.")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"»«“”']?\s+(?=[\"„»«“A-ZÄÖÜ0-9(\-–])")


@dataclass(frozen=True)
class ChunkConfig:
    max_tokens: int = 160  # per passage, including the title line
    overlap_tokens: int = 32  # carried over from the end of the previous passage (whole sentences)
    min_tokens: int = 40  # a heading starts a new passage only once the current one has this much


def word_count(text: str) -> int:
    """A crude token estimate for tests and fallbacks: German words average ~1.5 model tokens."""
    return int(len(text.split()) * 1.5) + 2


def split_sentences(paragraph: str) -> list[str]:
    protected = paragraph
    for i, abbr in enumerate(_ABBREVIATIONS):
        protected = protected.replace(abbr, abbr.replace(".", f"\x00{i}\x00"))
    pieces = _SENTENCE_END.split(protected)
    restored = []
    for piece in pieces:
        for i, abbr in enumerate(_ABBREVIATIONS):
            piece = piece.replace(abbr.replace(".", f"\x00{i}\x00"), abbr)
        if piece.strip():
            restored.append(piece.strip())
    return restored


def _is_heading(paragraph: str) -> bool:
    return len(paragraph) <= 90 and "\n" not in paragraph and not paragraph.rstrip().endswith((".", ":", ",", ";"))


def _split_long(unit: str, budget: int, count: TokenCounter) -> list[str]:
    """Cut a unit (sentence) that alone exceeds the budget at word boundaries."""
    words, out, current = unit.split(), [], []
    for word in words:
        current.append(word)
        if count(" ".join(current)) > budget and len(current) > 1:
            current.pop()
            out.append(" ".join(current))
            current = [word]
    if current:
        out.append(" ".join(current))
    return out


def split_passages(title: str, text: str, count: TokenCounter, config: ChunkConfig = ChunkConfig()) -> list[str]:
    """Passages of at most ``config.max_tokens`` tokens, each starting with the title line."""
    title = title.strip()
    head = f"{title}\n" if title else ""
    budget = max(16, config.max_tokens - (count(head) if head else 0))
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    if not paragraphs:
        return [title] if title else []

    # Units are (is_heading, text, tokens); long paragraphs become sentences, long sentences word runs.
    units: list[tuple[bool, str, int]] = []
    for para in paragraphs:
        if para == title:
            continue
        heading = _is_heading(para)
        tokens = count(para)
        if tokens <= budget:
            units.append((heading, para, tokens))
            continue
        # A block of short lines (a fact sheet, a list) is cut between lines, so "Sprachen: Deutsch" stays
        # whole; prose with hard line breaks is cut between sentences (GermanQuAD MRR@10 0.980 vs 0.978).
        lines = [line for line in para.split("\n") if line.strip()]
        sizes = [count(line) for line in lines]
        if len(lines) > 1 and max(sizes) <= budget // 2:
            units.extend((False, line, size) for line, size in zip(lines, sizes))
            continue
        for sentence in split_sentences(para.replace("\n", " ")):
            for piece in ([sentence] if count(sentence) <= budget else _split_long(sentence, budget, count)):
                units.append((False, piece, count(piece)))

    passages: list[str] = []
    # (text, tokens, is_heading): whether a unit is a heading was decided above; a short line of a fact
    # sheet ("Sprachen: Deutsch") looks like one but is content.
    current: list[tuple[str, int, bool]] = []

    def used() -> int:
        return sum(t for _, t, _ in current)

    def flush() -> None:
        nonlocal current
        if not current or all(h for _, _, h in current):
            return
        passages.append(head + "\n".join(u for u, _, _ in current))
        # Overlap: keep trailing sentences of the finished passage (never a dangling heading).
        carried: list[tuple[str, int, bool]] = []
        for unit in reversed(current):
            if sum(t for _, t, _ in carried) + unit[1] > config.overlap_tokens:
                break
            carried.insert(0, unit)
        current = [c for c in carried if not c[2]]

    for heading, unit, tokens in units:
        if heading and used() >= config.min_tokens:
            flush()
            current = []  # a new section starts clean: overlap across headings only blurs topics
        elif used() + tokens > budget:
            flush()
            while current and used() + tokens > budget:
                current.pop(0)
        current.append((unit, tokens, heading))
    if current and (not passages or any(u not in passages[-1] for u, _, _ in current)):
        passages.append(head + "\n".join(u for u, _, _ in current))
    return passages or ([head + paragraphs[0]] if paragraphs else [])
