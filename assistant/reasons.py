"""Why an entry was suggested: the sentence(s) of the entry that best match the wish, with the matching
words marked as character offsets into the plain text (the web page escapes the text and marks the
ranges itself: no HTML ever leaves the server).

Sentences are scored by the query terms they contain (weighted by rarity, compound parts and typo
repairs included), so a person can check the suggestion against the words they typed. A query the
lexical index does not understand (another language) gets the entry's own summary, unmarked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from indexer.chunk import split_sentences
from indexer.records import FACTS, LISTS

from .lexical import BM25Index, QueryTerms

MAX_REASON_CHARS = 320
FACT_WEIGHT = 0.5  # a fact line's words count this much against a sentence of prose (0.8: 846 of 1,105
# reasons began with prose, 0.5: 892 – "Zielgruppen: Erwachsene, Senioren" gives way to "zu Hause nähen")
_LABEL_MAX_WORDS = 4


@dataclass
class Reason:
    text: str
    highlights: list[tuple[int, int]] = field(default_factory=list)

    def public(self) -> dict[str, Any]:
        return {"text": self.text, "highlights": [[s, e] for s, e in self.highlights]}


@dataclass
class _Sentence:
    text: str
    position: int
    is_fact: bool  # "Zeiten: samstags 14–16 Uhr" from the facts box rather than prose
    terms: frozenset[str]
    words: tuple[tuple[int, int, frozenset[str]], ...] = ()  # (start, end, terms) of each content word
    reads_numbers: bool = True  # a number of the wish ("my daughter (8)") counts here: not in an address


# Facts whose numbers can answer a number in a wish (an age); "Weiherweg 8", "Kinder 18 €" or "18:00" cannot.
_NUMBER_FACT = re.compile(r"[^:]*\b(alter|altersgruppe|zielgruppen?|jahrgang|jahrgänge)\b[^:]*:", re.IGNORECASE)
_FACT_LINE = re.compile(r"[^:.!?]{1,40}:\s+\S")
# Particles a wish is phrased with that are no reason to suggest an entry ("Hilfe *beim* Ausfüllen").
_PARTICLES = "beim dabei dafür davon denen eher etwa gar gerade ja mal schon sowas kannst darf".split()
# The fact sheet's own labels: "Laufzeit" is not a run, "Zielgruppen" no group, "Zeiten" no free time. Step-free
# access keeps its label ("Barrierefreiheit: Rampe am Eingang" answers a wish for it).
_STRUCTURE_LABELS = frozenset(label.casefold() for _, label in FACTS + LISTS) - {"barrierefreiheit"} | {
    "alter", "schlagworte", "zuletzt aktualisiert", "kontakt", "funktion", "telefon", "e-mail", "web", "website"}


def _is_label(paragraph: str) -> bool:
    return len(paragraph.split()) <= _LABEL_MAX_WORDS and not paragraph.rstrip().endswith((".", "!", "?", ":", "…"))


def candidate_sentences(title: str, text: str) -> list[tuple[str, bool]]:
    """Prose sentences and "Label: value" facts of a document, in document order."""
    out: list[tuple[str, bool]] = []
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    label: str | None = None
    for para in paragraphs:
        if "\n" in para:  # a fact sheet or list, one line each ("Sprachen: Deutsch, Russisch")
            for line in (" ".join(x.split()) for x in para.split("\n")):
                if _FACT_LINE.match(line):
                    out.append((line, True))
                elif len(line.split()) >= 4:
                    out.extend((s, False) for s in split_sentences(line) if len(s.split()) >= 4)
            label = None
            continue
        para = " ".join(para.split())
        if para == title.strip() or "·" in para and len(para) < 60:
            label = None
            continue
        if _label_end(para):  # "Schlagworte: Nähen, Handarbeit" on a line of its own
            out.append((para, True))
            label = None
            continue
        if _is_label(para):
            if label is not None and len(para.split()) <= _LABEL_MAX_WORDS:
                out.append((f"{label}: {para}", True))  # a short value after its label
                label = None
            else:
                label = para
            continue
        if label is not None and len(para) <= 200:
            out.append((f"{label}: {para}", True))
        else:
            out.extend((s, False) for s in split_sentences(para) if len(s.split()) >= 4)
        label = None
    return out


class ReasonFinder:
    """Chooses and marks reason sentences; sentences are analysed once per document and cached."""

    def __init__(self, lexical: BM25Index) -> None:
        self.lexical = lexical
        self._cache: dict[int, list[_Sentence]] = {}
        # (BM25 keeps them: leaving them out of the wish measured -0.0005, 1 better / 3 worse)
        self._particles = frozenset(t for w in _PARTICLES for t in lexical.analyzer.terms(w))

    def prepare(self, documents: Sequence[tuple[str, str]]) -> None:
        """Analyse every document's sentences now (``(title, text)`` by row), not on a citizen's time.

        Lazily, a freshly loaded server paid ~1 ms per document it had not yet given as a result (cold
        wishes: ranking median 3.4 → 2.5 ms, mean 4.6 → 2.6 ms once all are analysed at load)."""
        for row, (title, text) in enumerate(documents):
            self._sentences(row, title, text)

    def _sentences(self, row: int, title: str, text: str) -> list[_Sentence]:
        cached = self._cache.get(row)
        if cached is None:
            cached = []
            for pos, (sentence, is_fact) in enumerate(candidate_sentences(title, text)):
                label = _label_end(sentence)  # "Zeiten:", "Laufzeit:" name no interest of the wish
                words = tuple((tok.start, tok.end, frozenset(self.lexical.word_terms(tok)))
                              for tok in self.lexical.analyzer.tokens(sentence) if tok.start >= label)
                terms = frozenset(t for _, _, word_terms in words for t in word_terms)
                reads_numbers = not is_fact or bool(_NUMBER_FACT.match(sentence))
                cached.append(_Sentence(sentence, pos, is_fact, terms, words, reads_numbers))
            self._cache[row] = cached
        return cached

    def reason(self, row: int, title: str, text: str, query: QueryTerms, passage_text: str,
               metadata: Mapping[str, Any]) -> Reason:
        sentences = self._sentences(row, title, text)
        weights = {t: w * self.lexical.idf(t) for t, w in {**query.parts, **query.weights}.items()
                   if t not in self._particles}
        wanted = frozenset(weights)
        wanted_words = _no_numbers(wanted)  # once per entry, not per sentence
        hits = [(s, s.terms & (wanted if s.reads_numbers else wanted_words)) for s in sentences]
        hits = [(s, found) for s, found in hits if found]
        if not hits:
            return self._fallback(metadata, sentences, passage_text)

        def score(s: _Sentence, found: frozenset[str], covered: frozenset[str] = frozenset()) -> float:
            gain = sum(weights[t] for t in found - covered)
            if gain <= 0:
                return 0.0
            return gain * (FACT_WEIGHT if s.is_fact else 1.0) + (0.1 if s.text in passage_text else 0.0)

        best, best_found = min(hits, key=lambda h: (-score(*h), h[0].position))
        chosen = [best]
        second = min((h for h in hits if h[0] is not best), key=lambda h: (-score(*h, best_found), h[0].position),
                     default=None)
        if second is not None and score(*second, best_found) > 0 and \
                len(best.text) + len(second[0].text) + 3 <= MAX_REASON_CHARS:
            chosen.append(second[0])
        chosen.sort(key=lambda s: s.position)
        return self._mark(chosen, frozenset(weights))

    def _mark(self, chosen: list[_Sentence], wanted: frozenset[str]) -> Reason:
        text, marks = "", []
        for i, sentence in enumerate(chosen):
            if i:
                adjacent = sentence.position == chosen[i - 1].position + 1
                text += " " if adjacent else " … "
            marked = wanted if sentence.reads_numbers else _no_numbers(wanted)
            spans = [(start, end) for start, end, terms in sentence.words if terms & marked]
            piece, spans = _clip(sentence.text, spans)
            marks.extend((len(text) + s, len(text) + e) for s, e in spans)
            text += piece
        return Reason(text, marks)

    def _fallback(self, metadata: Mapping[str, Any], sentences: list[_Sentence], passage_text: str) -> Reason:
        summary = str(metadata.get("description") or metadata.get("summary") or "").strip()
        if summary:
            return Reason(_clip(" ".join(summary.split()), [])[0])
        prose = [s for s in sentences if not s.is_fact]
        in_passage = [s for s in prose if s.text in passage_text]
        pick = (in_passage or prose or sentences or [None])[0]
        return Reason(_clip(pick.text, [])[0]) if pick else Reason("")


def _label_end(sentence: str) -> int:
    """Where the words of a fact line start after its label ("Zeiten: samstags" -> 8), else 0."""
    head, colon, _ = sentence.partition(":")
    return len(head) + 1 if colon and head.strip().casefold() in _STRUCTURE_LABELS else 0


def _no_numbers(terms: frozenset[str]) -> frozenset[str]:
    return frozenset(t for t in terms if not t.isdigit())


def _clip(text: str, spans: list[tuple[int, int]], limit: int = MAX_REASON_CHARS) -> tuple[str, list[tuple[int, int]]]:
    """Cut a long sentence to a window around its first marked word, at word boundaries."""
    if len(text) <= limit:
        return text, spans
    start = 0
    if spans and spans[0][1] > limit - 40:
        start = text.rfind(" ", 0, max(0, spans[0][0] - 60)) + 1
    end = text.rfind(" ", start, start + limit - 2)
    end = end if end > start else start + limit - 2
    prefix = "… " if start > 0 else ""
    piece = prefix + text[start:end].rstrip() + " …"
    shift = len(prefix) - start
    kept = [(s + shift, e + shift) for s, e in spans if s >= start and e <= end]
    return piece, kept
