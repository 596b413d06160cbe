"""The concept-coverage bonus for wishes with more than one interest (BM25 query words per entry)."""

from __future__ import annotations

from assistant.lexical import BM25Index, GermanAnalyzer


def test_concept_coverage_prefers_entries_with_every_part_of_the_wish():
    docs = ["Kinder Kinder Kinder spielen und basteln.", "Sport Sport Sport für Erwachsene.",
            "Sport für Kinder am Montag.", "Wir singen."]
    lexical = BM25Index(docs, GermanAnalyzer())
    terms = lexical.query_terms("Kinder und Sport")
    assert len(terms.groups) == 2
    share = lexical.concept_coverage(terms)
    assert share[2] == 1.0 and share[3] == 0.0 and 0 < share[0] < 1 and 0 < share[1] < 1
