"""Identical and near-identical pages: the same text under several URLs is indexed once.

Exact duplicates by a hash of the normalised text; near-duplicates by a 64-bit SimHash over word
3-shingles (Charikar), compared within a Hamming distance of ``MAX_DISTANCE``. Short texts are only
compared exactly: a few differing words are a large share of them, SimHash would merge distinct pages.
Candidates are found by banding (4 bands of 16 bits: two hashes within distance 3 agree on at least one
band), so the work stays near-linear.
"""

from __future__ import annotations

import hashlib
import re
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
MAX_DISTANCE = 3
MIN_WORDS_FOR_NEAR = 40
_WORD = re.compile(r"\w+", re.UNICODE)


def normalised_words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def exact_key(text: str) -> str:
    return hashlib.sha1(" ".join(normalised_words(text)).encode("utf-8")).hexdigest()


def simhash(words: Sequence[str]) -> int:
    weights = [0] * 64
    shingles = [" ".join(words[i:i + 3]) for i in range(max(1, len(words) - 2))]
    for shingle in shingles:
        h = int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if (h >> bit) & 1 else -1
    return sum(1 << bit for bit in range(64) if weights[bit] > 0)


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def find_duplicates(items: Sequence[T], text: Callable[[T], str], preference: Callable[[T], tuple]) -> dict[int, int]:
    """Map index of each duplicate -> index of the item kept; the kept one has the smallest ``preference``."""
    order = sorted(range(len(items)), key=lambda i: preference(items[i]))
    kept_exact: dict[str, int] = {}
    bands: dict[tuple[int, int], list[int]] = {}
    hashes: dict[int, int] = {}
    duplicates: dict[int, int] = {}
    for i in order:
        words = normalised_words(text(items[i]))
        key = exact_key(text(items[i]))
        if key in kept_exact:
            duplicates[i] = kept_exact[key]
            continue
        kept_exact[key] = i
        if len(words) < MIN_WORDS_FOR_NEAR:
            continue
        h = simhash(words)
        candidates = {j for band in range(4) for j in bands.get((band, (h >> (16 * band)) & 0xFFFF), [])}
        match = min((j for j in candidates if hamming(h, hashes[j]) <= MAX_DISTANCE),
                    key=lambda j: preference(items[j]), default=None)
        if match is not None:
            duplicates[i] = match
            continue
        hashes[i] = h
        for band in range(4):
            bands.setdefault((band, (h >> (16 * band)) & 0xFFFF), []).append(i)
    return duplicates
