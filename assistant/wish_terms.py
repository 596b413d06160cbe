"""What the lexical side reads of a wish: its own words, the German words the bilingual glossary finds for
its foreign words, the entries' words for its everyday German words, and the words that only half count
because a hint already scores them.

Why a module of its own: every rule here is about reading a wish as written – a foreign word that one
entry happens to use is still translated ("football" in one club's "Walking Football"), an English wish's
"do", "kind", "art" are English, and a word the glossary or the everyday-German list understands is not
"repaired" into another German word ("Tochter" is not "kocht", Turkish "Kuran" not "krank"). The ranking
(assistant.ranking) fuses what this returns with the other signals. Pure given the index.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .glossary import Expansion, false_friends
from .glossary import expand as glossary_expand
from .hints import QueryHints, constraint_words
from .lexical import BM25Index, GermanAnalyzer, QueryTerms
from .synonyms import expand as synonyms_expand

if TYPE_CHECKING:  # (ranking imports this module; the configuration is only read)
    from .ranking import RankingConfig


def read_wish(lexical: BM25Index, analyzer: GermanAnalyzer, cfg: "RankingConfig", topic: str,
              hints: QueryHints) -> QueryTerms:
    """The wish's terms for BM25, with weights, coverage and concept groups."""
    english = false_friends(topic) if cfg.english_false_friends else frozenset()  # not Do(nnerstag), Kind

    def known(word: str) -> bool:  # a word enough entries use is German, the index reads it itself
        return word not in english and any(lexical.df.get(t, 0) >= cfg.glossary_known_docs
                                           for tok in analyzer.tokens(word) for t in tok.terms)

    foreign = glossary_expand(topic).without(known) if cfg.glossary_weight > 0 else Expansion()
    everyday = synonyms_expand(topic).without(english.__contains__) if cfg.synonym_weight > 0 else Expansion()
    understood = frozenset(w for e in (foreign, everyday) for surface, _ in e.matches for w in surface.split())
    terms = lexical.query_terms(topic, understood=understood if cfg.understood_not_repaired else frozenset())
    if english:
        terms = terms.without({t for tok in analyzer.tokens(topic) if tok.word in english for t in tok.terms})
    if foreign.matches:
        terms = with_expansion(lexical, foreign, terms, cfg.glossary_weight, cfg.glossary_coverage)
        terms = terms.without(_rare_terms(lexical, analyzer, foreign, cfg.glossary_known_docs))
    if everyday.matches:  # (only for words the index does not know: -0.009 even)
        terms = with_expansion(lexical, everyday, terms, cfg.synonym_weight, None)
    if cfg.constraint_terms != 1.0 and (hints.languages or hints.barrier_free):
        terms = terms.scaled(set(analyzer.terms(constraint_words(topic, hints))), cfg.constraint_terms)
    return terms


def with_expansion(lexical: BM25Index, expansion: Expansion, terms: QueryTerms, factor: float,
                   coverage_floor: float | None) -> QueryTerms:
    """``terms`` plus the German words found for the wish at ``factor`` x their weight. With a
    ``coverage_floor`` (the glossary) the wish counts as understood: its foreign words are unknown to the
    German index, not evidence against the German words found for them; without one (the everyday words)
    coverage stays as counted. Each concept is one group of the coverage bonus."""
    extra = lexical.query_terms(expansion.text)
    weights = dict(terms.weights)
    for term, value in extra.weights.items():
        weights[term] = max(weights.get(term, 0.0), value * factor)
    words = max(terms.words, 1)
    share = terms.coverage if coverage_floor is None else \
        max(min(1.0, (terms.coverage * words + expansion.words) / words), coverage_floor)
    parts = {t: w for t, w in terms.parts.items() if t not in weights}
    groups = list(terms.groups)
    for _, german in expansion.matches:
        group = frozenset(lexical.query_terms(german).weights)
        if group and group not in groups:
            groups.append(group)
    return QueryTerms(weights, share, terms.words, parts, tuple(groups))


def _rare_terms(lexical: BM25Index, analyzer: GermanAnalyzer, expansion: Expansion, least: int) -> set[str]:
    """Terms of translated foreign words that one or two entries happen to use ("football" in "Walking
    Football"): by rarity they would outweigh the German words found for them."""
    german = set(analyzer.terms(expansion.text))  # "Judo" is "Judo" in both
    return {t for surface, _ in expansion.matches for tok in analyzer.tokens(surface) for t in tok.terms
            if 0 < lexical.df.get(t, 0) < least and t not in german}
