"""Everyday German words -> the entries' words (assistant.synonyms), to the BM25 side of the ranking."""

from __future__ import annotations

import numpy as np

from assistant.lexical import BM25Index, GermanAnalyzer
from assistant.ranking import Matcher, RankingConfig
from assistant.wish_terms import with_expansion
from assistant.synonyms import expand
from indexer.store import Document


def test_everyday_words_become_the_entries_words():
    assert "Gaming" in expand("Ich zocke gern am Abend").text.split()
    assert "Fußball" in expand("Wir wollen am Wochenende kicken").text.split()
    assert "Senioren" in expand("Was kann ich mit Oma und Opa unternehmen?").text.split()
    assert "Hunde" in expand("Ich würde gern mit Hunden Gassi gehen").text.split()
    assert "Geflüchtete" in expand("Ich möchte Flüchtlingen helfen").text.split()
    assert "Basteln" in expand("Ich werkle gern").text.split()
    assert "Sucht" in expand("Mein Mann trinkt zu viel").text.split()


def test_plain_or_ambiguous_words_get_nothing():
    assert expand("Schachverein in Neugablonz").text == ""
    assert expand("Ich möchte mich nicht fest verpflichten").text == ""  # "fest" is no Fest
    assert "Kochen" not in expand("Mittagessen für Senioren").text  # eating is not cooking
    assert "Musik" not in expand("Ich male gern").text and "Malen" in expand("Ich male gern").text


def _matcher(docs: list[Document], **config) -> Matcher:
    matcher = Matcher.__new__(Matcher)
    matcher.config = RankingConfig(**config)
    matcher.analyzer = GermanAnalyzer()
    matcher.lexical = BM25Index([d.text for d in docs], matcher.analyzer)
    return matcher


def test_synonyms_reach_bm25_at_their_weight():
    docs = [Document("gaming", "", "E-Sport", "club", "Gaming und Videospiele, LAN-Party.", {}),
            Document("schach", "", "Schach", "club", "Schach am Freitag.", {})]
    matcher = _matcher(docs)
    plain = matcher.lexical.query_terms("Ich zocke gern")
    terms = with_expansion(matcher.lexical, expand("Ich zocke gern"), plain, 0.5, None)
    assert terms.weights["gaming"] == 0.5 and terms.coverage == plain.coverage
    assert int(np.argmax(matcher.lexical.scores(terms))) == 0



def test_tags_with_stop_words_are_also_read_as_one_word():
    from assistant.lexical import LexicalConfig, tag_analyzer

    analyzer = tag_analyzer([["von zu Hause", "Chor"], ["Gassi gehen"], None], LexicalConfig())
    tokens = analyzer.tokens("Ehrenamt von zu Hause aus")
    assert tokens[1].terms == ("haus", "vonzuhaus") and (tokens[1].start, tokens[1].end) == (9, 21)
    assert analyzer.terms("zu Hause besuchen") == ["haus", "besuch"]  # only the whole tag
    assert tag_analyzer([["von zu Hause"]], LexicalConfig(phrases=False)).terms("von zu Hause") == ["haus"]


def test_words_the_hints_score_count_less_in_bm25():
    from assistant.hints import constraint_words, read_hints

    query = "Ich sitze im Rollstuhl und möchte Sport machen, gern auf Russisch"
    words = constraint_words(query, read_hints(query))
    assert "rollstuhl" in words and "Russisch" in words and "Sport" not in words
    docs = [Document("a", "", "Rollstuhlbasketball", "club", "Basketball im Rollstuhl.", {}),
            Document("b", "", "Sport", "club", "Sport für alle, barrierefrei.", {})]
    matcher = _matcher(docs, constraint_terms=0.5)
    terms = matcher.lexical.query_terms(query)
    down = terms.scaled(set(matcher.analyzer.terms(words)), 0.5)
    assert down.weights["rollstuhl"] == 0.5 * terms.weights["rollstuhl"] and down.weights["sport"] == 1.0
    assert not any("rollstuhl" in g for g in down.groups)
