"""Text folding for matching free text: lower case, ``ä ö ü ß`` as ``ae oe ue ss``, other accents removed,
so "Märzisried", "Maerzisried" and "MÄRZISRIED" meet. :class:`FoldedText` remembers where each folded
character came from, so recognised phrases can be cut out of the original message."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPECIAL = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}


@lru_cache(maxsize=8192)  # called per character of every wish and entry: ~0.3 ms a request uncached
def fold_char(ch: str) -> str:
    low = ch.lower()
    if low in _SPECIAL:
        return _SPECIAL[low]
    base = "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
    return base or low


def fold(text: str) -> str:
    return "".join(fold_char(ch) for ch in text)


def rx(pattern: str, whole_words: bool = True) -> re.Pattern[str]:
    """A pattern written in folded form, compiled; whole words only unless told otherwise."""
    folded = "".join(ch if ch.isascii() else fold_char(ch) for ch in pattern)
    return re.compile(rf"(?<!\w)(?:{folded})(?!\w)" if whole_words else folded)


class FoldedText:
    """A message folded for matching, remembering which original characters each folded one came
    from, so recognised phrases can be cut out of the original text."""

    def __init__(self, text: str) -> None:
        self.original = text
        chars, origin = [], []
        for i, ch in enumerate(text):
            for f in fold_char(ch):
                chars.append(f)
                origin.append(i)
        self.live = chars  # folded text; consumed characters become spaces (offsets stay valid)
        self.origin = origin
        self.consumed = [False] * len(text)

    @property
    def text(self) -> str:
        return "".join(self.live)

    def find(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        return list(pattern.finditer(self.text))

    def consume(self, start: int, end: int) -> None:
        for i in range(start, end):
            self.live[i] = " "
            self.consumed[self.origin[i]] = True

    def take(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        """All matches of ``pattern`` in the unconsumed text, consumed."""
        found = self.find(pattern)
        for m in found:
            self.consume(m.start(), m.end())
        return found

    def remaining(self) -> str:
        return "".join(" " if gone else ch for ch, gone in zip(self.original, self.consumed))


_ENDINGS = ("ern", "en", "er", "es", "e", "n", "s")


def stem(word: str) -> str:
    """A folded word without a common German/English ending ("Kindern" -> "kind", "Hunden" -> "hund"),
    for finding it inside compounds ("Hundeschule"); never shorter than four letters."""
    word = fold(word)
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word
