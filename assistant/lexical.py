"""German lexical retrieval: an analyser (stemming, stop words, umlaut folding, compound parts, typo
tolerance) and a BM25 index over documents, built in memory when an index generation is loaded.

Why documents and not passages: fusion happens per document, and a document's words count as evidence
wherever they stand. Why at load time: tokenising and stemming the sample corpus takes well under a
second, so the index on disk stays the indexer's business alone.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np
import Stemmer

# Snowball's German stop list, plus words a wish is phrased with that say nothing about the topic.
STOP_WORDS = frozenset("""
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes anderm andern
anderr anders auch auf aus bei bin bis bist da damit dann das dass dasselbe dazu daß dein deine deinem deinen
deiner deines dem demselben den denn denselben der derer derselbe derselben des desselben dessen dich die dies
diese dieselbe dieselben diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer eines
einig einige einigem einigen einiger einiges einmal er es etwas euch euer eure eurem euren eurer eures für
gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer
ihres im in indem ins ist jede jedem jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein keine
keinem keinen keiner keines können könnte machen man manche manchem manchen mancher manches mein meine meinem
meinen meiner meines mich mir mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine
seinem seinen seiner seines selbst sich sie sind so solche solchem solchen solcher solches soll sollte
sondern sonst um und uns unsere unserem unseren unserer unseres unter viel vom von vor war waren warst was
weg weil weiter welche welchem welchen welcher welches wenn werde werden wie wieder will wir wird wirst wo
wollen wollte während würde würden zu zum zur zwar zwischen
gern gerne möchte möchten suche suchen sucht mag mögen irgendwas irgendwo irgendwie jemand jemanden
interessiere interessiert wäre gibt es wer wo wann welche bitte
""".split())

# Function words of English and Turkish wishes that no German entry means; left out of a wish's terms so the
# typo and affix repair does not turn them into German words ("there" -> Therapeut, "would" -> bouldern,
# "mi" -> Mittwoch). Words that are German too ("die", "not", "see", "bad", "kind", "do", "it") are not here.
WISH_FUNCTION_WORDS = frozenset("""
a about again already an and any anyone anything anywhere are as at be been being but by can could did does
enjoy find for from get go going got had has have he hello her here hi him his how i i'd i'll i'm if im into is
its just like likes looking look love loves may maybe me might more must my of off on one only onto or our out
over play played playing plays please pretty quite really recently someone something somewhere than that the
their them then there these they this those to too up very want wanted wants was we were what when where which
who why with would you your
ama bir biri bu çok cok daha de gibi icin için ile istiyorum istiyor ki mi mı mu mü nasil nasıl ne nerede olan
olarak ve var yok
""".split())

_TOKEN = re.compile(r"[^\W_]+(?:[-‐‑][^\W_]+)*", re.UNICODE)
_LINKS = ("", "s", "es", "n", "en", "e", "er")  # Fugenelemente between compound parts
MIN_PART = 4  # shorter compound parts are mostly prefixes ("ver", "ein") and split wrongly


def fold(text: str) -> str:
    """Lower case, ß -> ss, accents and umlauts dropped: "Fußball-Café" -> "fussball-cafe"."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    word: str  # the surface word, folded
    terms: tuple[str, ...]  # index terms it stands for: its stem, plus joined form of hyphenated words


class GermanAnalyzer:
    """Text -> index terms. Stemming happens on the casefolded word (snowball wants the umlauts), the
    stems are then folded so "Fussball", "Fußball" and "fußball" meet."""

    def __init__(self, stop_words: frozenset[str] = STOP_WORDS, phrases: Iterable[str] = ()) -> None:
        """``phrases``: multi-word expressions (the entries' tags) that are also read as one word when a
        stop word is part of them ("von zu Hause" -> "vonzuhaus" besides "haus"; stop words alone are lost)."""
        self._stemmer = Stemmer.Stemmer("german")
        self._stop = frozenset(fold(w) for w in stop_words) | stop_words
        self.stem = lru_cache(maxsize=200_000)(self._stem)
        kept = sorted({" ".join(p.split()) for p in phrases if len(p.split()) > 1 and
                       any(self.is_stop(w.casefold()) for w in p.split()) and not re.search(r"[^\w\s]", p)},
                      key=len, reverse=True)
        self._phrases = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s") for p in kept)
                                   + r")(?!\w)", re.IGNORECASE) if kept else None

    def _stem(self, word: str) -> str:
        return fold(self._stemmer.stemWord(word))

    def is_stop(self, word: str) -> bool:
        return word in self._stop

    def tokens(self, text: str) -> list[Token]:
        """Content words with their character offsets in ``text`` (stop words left out)."""
        out = []
        if self._phrases is not None:  # "von zu Hause" -> "von-zu-Hause": same length, offsets stay
            text = self._phrases.sub(lambda m: m.group(0).replace(" ", "-"), text)
        for m in _TOKEN.finditer(text):
            raw = m.group(0).casefold()
            parts = re.split(r"[-‐‑]", raw)
            terms: list[str] = []
            for part in parts:
                if part and not self.is_stop(part) and (len(part) > 1 or part.isdigit()):
                    terms.append(self.stem(part))
            if len(parts) > 1:  # "E-Jugend" also as "ejugend", "Repair-Café" as "repaircafe"
                terms.append(self.stem("".join(parts)))
            if terms:
                out.append(Token(m.start(), m.end(), fold(raw), tuple(dict.fromkeys(terms))))
        return out

    def terms(self, text: str) -> list[str]:
        return [t for tok in self.tokens(text) for t in tok.terms]


def tag_analyzer(tag_lists: Iterable[object], config: LexicalConfig) -> GermanAnalyzer:
    """The analyzer for a collection: its multi-word tags with stop words are also read as one word."""
    tags = [str(t) for ts in tag_lists if isinstance(ts, list) for t in ts] if config.phrases else []
    return GermanAnalyzer(phrases=tags)


def _deletes(term: str) -> set[str]:
    return {term[:i] + term[i + 1:] for i in range(len(term))}


@dataclass
class LexicalConfig:
    k1: float = 1.2
    b: float = 0.75
    compounds: bool = True  # index and query compound parts ("Jugendfußball" -> jugend, fussball)
    typos: bool = True  # unknown query words match known terms one edit away
    field_boost: int = 1  # extra copies of the title/category/tags terms (field weighting)
    affixes: bool = True  # a query word also matches compounds it starts or ends ("Schach" -> Schachfreunde)
    part_weight: float = 0.6  # weight of a query term found only as a compound part or by typo fixing
    max_affix_terms: int = 30
    phrases: bool = True  # tags with stop words also as one term ("von zu Hause"; used by the analyzer's owner)
    function_words: bool = True  # English/Turkish function words left out of a wish (WISH_FUNCTION_WORDS)


@dataclass
class QueryTerms:
    """What the index recognised of a query: term -> weight, and how much of the query that covers."""

    weights: dict[str, float]
    coverage: float  # 0..1: share of the query's content words the index knows (directly or repaired)
    words: int  # content words in the query
    parts: dict[str, float] = field(default_factory=dict)  # parts of known compounds: reasons only
    groups: tuple[frozenset[str], ...] = ()  # per recognised query word (or concept): the terms standing for it

    def scaled(self, terms: set[str], factor: float) -> "QueryTerms":
        """``terms`` at ``factor`` x their weight and no longer a part of the wish (concept coverage)."""
        weights = {t: w * factor if t in terms else w for t, w in self.weights.items()}
        groups = tuple(g for g in self.groups if not g & terms)
        return QueryTerms(weights, self.coverage, self.words, self.parts, groups)

    def without(self, terms: set[str]) -> "QueryTerms":
        """The same wish with ``terms`` left out (weights, parts and concept groups)."""
        weights = {t: w for t, w in self.weights.items() if t not in terms}
        parts = {t: w for t, w in self.parts.items() if t not in terms}
        groups = tuple(g - terms for g in self.groups if g - terms)
        return QueryTerms(weights, self.coverage, self.words, parts, groups)


class CompoundSplitter:
    """Splits a folded word into two known words (head last, optional linking element).

    Known words are the collection's own vocabulary, so only splits into words that occur there
    are made; the longest head wins ("jugendfussball" -> "jugend" + "fussball")."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.words = frozenset(w for w in vocabulary if len(w) >= MIN_PART and w.isalpha())

    def split(self, word: str) -> tuple[str, str] | None:
        if len(word) < 2 * MIN_PART or not word.isalpha():
            return None
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head = word[cut:]
            if head not in self.words:
                continue
            left = word[:cut]
            for link in _LINKS:
                if link and not left.endswith(link):
                    continue
                modifier = left[: len(left) - len(link)] if link else left
                if len(modifier) >= MIN_PART and modifier in self.words:
                    return modifier, head
        return None


class BM25Index:
    """BM25 over documents with precomputed per-(term, document) weights: a query costs one scatter-add
    per query term."""

    def __init__(self, texts: Sequence[str], analyzer: GermanAnalyzer, config: LexicalConfig = LexicalConfig(),
                 boosted: Sequence[str] | None = None) -> None:
        """``texts[i]`` is document i's body; ``boosted[i]`` its title/tags/category line (field weighting)."""
        self.analyzer = analyzer
        self.config = config
        self.n_docs = len(texts)
        self._split_cache: dict[str, tuple[str, ...]] = {}
        doc_words: list[list[Token]] = [analyzer.tokens(t) for t in texts]
        surface = Counter(tok.word for toks in doc_words for tok in toks if "-" not in tok.word)
        # Known parts: the collection's words and their stems ("jugend" from "Jugendliche").
        self.splitter = CompoundSplitter(set(surface) | {analyzer.stem(w) for w in surface}) \
            if config.compounds else None
        bags: list[Counter[str]] = []
        for row, toks in enumerate(doc_words):
            bag: Counter[str] = Counter()
            for tok in toks:
                bag.update(self._index_terms(tok))
            if boosted is not None and boosted[row]:
                extra = [t for tok in analyzer.tokens(boosted[row]) for t in self._index_terms(tok)]
                for _ in range(max(config.field_boost, 0)):
                    bag.update(extra)
            bags.append(bag)
        lengths = np.array([sum(b.values()) for b in bags], dtype=np.float32)
        avgdl = float(lengths.mean()) if len(lengths) and lengths.mean() > 0 else 1.0
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for row, bag in enumerate(bags):
            for term, tf in bag.items():
                postings[term].append((row, tf))
        self.df = {term: len(rows) for term, rows in postings.items()}
        self._postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        k1, b = config.k1, config.b
        for term, rows in postings.items():
            docs = np.fromiter((r for r, _ in rows), dtype=np.int32, count=len(rows))
            tf = np.fromiter((t for _, t in rows), dtype=np.float32, count=len(rows))
            norm = k1 * (1 - b + b * lengths[docs] / avgdl)
            self._postings[term] = (docs, (self.idf(term) * tf * (k1 + 1) / (tf + norm)).astype(np.float32))
        self._sorted_terms = sorted(t for t in self.df if t.isalpha())
        self._sorted_reversed = sorted(t[::-1] for t in self._sorted_terms)
        self._by_delete: dict[str, list[str]] = defaultdict(list)
        if config.typos:
            for term in self.df:
                if len(term) >= 4:
                    for d in _deletes(term):
                        self._by_delete[d].append(term)

    def _index_terms(self, tok: Token) -> list[str]:
        terms = list(tok.terms)
        if self.splitter is not None:
            terms.extend(self._parts(tok.word))
        return terms

    def _parts(self, word: str) -> tuple[str, ...]:
        cached = self._split_cache.get(word)
        if cached is None:
            parts = self.splitter.split(word) if self.splitter is not None else None
            cached = tuple(self.analyzer.stem(p) for p in parts) if parts else ()
            self._split_cache[word] = cached
        return cached

    def idf(self, term: str) -> float:
        df = self.df.get(term, 0)
        return math.log(1 + (self.n_docs - df + 0.5) / (df + 0.5))

    def _typo_fix(self, term: str) -> str | None:
        """The most frequent known term one insertion, deletion or substitution away."""
        if len(term) < 5:
            return None
        candidates = set(self._by_delete.get(term, ()))  # term has one letter fewer than a known term
        for d in _deletes(term):
            if d in self.df:
                candidates.add(d)  # term has one letter more
            candidates.update(self._by_delete.get(d, ()))  # substitution (or transposition-ish)
        candidates.discard(term)
        if not candidates:
            return None
        return max(sorted(candidates), key=lambda t: self.df.get(t, 0))

    def query_terms(self, query: str, understood: frozenset[str] = frozenset()) -> QueryTerms:
        """What the index recognises of ``query``. Words in ``understood`` (folded; read by the glossary or
        the everyday-German list) count as recognised and are not typo-repaired into other words."""
        weights: dict[str, float] = {}
        parts: dict[str, float] = {}
        known = 0
        groups: list[frozenset[str]] = []
        dropped = WISH_FUNCTION_WORDS if self.config.function_words else frozenset()
        toks = [tok for tok in self.analyzer.tokens(query) if tok.word not in dropped]
        for tok in toks:
            found = False
            group = set()
            for term in tok.terms:
                if term in self.df:
                    weights[term] = max(weights.get(term, 0.0), 1.0)
                    group.add(term)
                    found = True
            stems = self._parts(tok.word) if self.splitter is not None else ()
            if found:
                parts.update((s, self.config.part_weight) for s in stems if s in self.df and s not in weights)
            elif stems:
                if all(s in self.df for s in stems):
                    for s in stems:
                        weights[s] = max(weights.get(s, 0.0), self.config.part_weight)
                        group.add(s)
                    found = True
            if not found:  # unknown word: compounds it starts or ends, and a typo repair, both count
                repaired = self._affix_terms(tok.terms[0]) if self.config.affixes else []
                fixed = self._typo_fix(tok.terms[0]) if self.config.typos and tok.word not in understood else None
                found = tok.word in understood
                for term in repaired + ([fixed] if fixed else []):
                    weights[term] = max(weights.get(term, 0.0), self.config.part_weight)
                    group.add(term)
                    found = True
            known += found
            if group and frozenset(group) not in groups:
                groups.append(frozenset(group))
        for term in weights:
            parts.pop(term, None)
        return QueryTerms(weights, known / len(toks) if toks else 0.0, len(toks), parts, tuple(groups))

    def _affix_terms(self, stem: str) -> list[str]:
        """Known compounds that start or end with ``stem`` and add a word of their own to it."""
        if len(stem) < MIN_PART or not stem.isalpha():
            return []
        out = []
        for terms, key, reverse in ((self._sorted_terms, stem, False), (self._sorted_reversed, stem[::-1], True)):
            at = bisect.bisect_left(terms, key)
            while at < len(terms) and terms[at].startswith(key) and len(out) < self.config.max_affix_terms:
                if len(terms[at]) - len(key) >= MIN_PART:
                    out.append(terms[at][::-1] if reverse else terms[at])
                at += 1
        return out

    def scores(self, terms: QueryTerms) -> np.ndarray:
        out = np.zeros(self.n_docs, dtype=np.float32)
        for term, weight in terms.weights.items():
            docs, w = self._postings[term]
            out[docs] += weight * w  # rows within one term's postings are unique
        return out

    def concept_coverage(self, terms: QueryTerms) -> np.ndarray:
        """Per document, the share of the query's recognised words (``terms.groups``, weighted by their
        rarity) it contains: 1.0 for an entry that has something for every part of the wish."""
        out = np.zeros(self.n_docs, dtype=np.float32)
        total = 0.0
        for group in terms.groups:
            idf = max(self.idf(t) for t in group)
            hit = np.zeros(self.n_docs, dtype=bool)
            for term in group:
                hit[self._postings[term][0]] = True
            out += idf * hit
            total += idf
        return out / total if total > 0 else out

    def term_variants(self, terms: QueryTerms) -> frozenset[str]:
        """Index terms that count as a match of the query (for marking words in reasons)."""
        return frozenset(terms.weights)

    def word_terms(self, tok: Token) -> list[str]:
        """The terms a word of a document stands for, compound parts included."""
        return self._index_terms(tok)
