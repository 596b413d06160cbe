"""The bilingual glossary (foreign words of a wish -> the entries' German words) and the language hint."""

from __future__ import annotations

import numpy as np

from assistant.glossary import expand
from assistant.hints import HintScorer, HintWeights, read_hints
from assistant.lexical import BM25Index, GermanAnalyzer
from assistant.ranking import Matcher, RankingConfig
from assistant.wish_terms import with_expansion
from indexer.store import Document


def test_russian_turkish_arabic_english_words_become_german_ones():
    assert expand("Хочу петь в хоре").text == "Chor Singen"
    russian = expand("Я пенсионерка и хорошо шью. Хочу быть полезной")
    assert "Nähen" in russian.text.split() and "Senioren" in russian.text.split()
    assert "Chor" not in russian.text  # "хорошо" is no choir
    assert "Diabetes" in expand("Annem şeker hastası, Türkçe bir destek grubu var mı?").text
    assert "Kochen" in expand("أحب الطبخ كثيراً").text  # the article glued to the word
    assert expand("I use a wheelchair and would love to do some sport").text == "Rollstuhl Barrierefreiheit Sport"
    assert "Hausaufgaben" in expand("Де можуть допомогти з домашніми завданнями?").text


def test_german_wishes_get_nothing_and_matches_count_words_once():
    assert expand("Fußball für Kinder in Neugablonz").text == ""
    # stems are no prefixes of German words: Turkish "paten" (skates), "sanat" (art), English "photo"
    assert expand("Patente im Sanatorium, Photosynthese, dagegen Kusine").text == ""
    table = expand("table tennis for my kids")
    assert table.words == 3 and "Tischtennis" in table.text and "Kinder" in table.text
    # German words the lexical index reads itself ("Yoga" is also English) are left to it
    yoga = expand("Yoga oder Pilates")
    assert yoga.matches and not yoga.without(lambda word: True).matches


def test_glossary_words_reach_the_german_bm25_side_at_full_weight():
    docs = [Document("chor", "", "Chorgemeinschaft", "club", "Wir singen im Chor, gemischte Stimmen.", {}),
            Document("naehen", "", "Nähtreff", "club", "Wir nähen an der Nähmaschine.", {}),
            Document("fussball", "", "Fußball", "club", "Fußball für Kinder.", {})]
    matcher = Matcher.__new__(Matcher)
    matcher.config = RankingConfig()
    matcher.analyzer = GermanAnalyzer()
    matcher.lexical = BM25Index([d.text for d in docs], matcher.analyzer)
    plain = matcher.lexical.query_terms("Хочу петь в хоре")
    assert plain.coverage == 0 and not plain.weights
    terms = with_expansion(matcher.lexical, expand("Хочу петь в хоре"), plain, 1.0, 1.0)
    assert terms.coverage == 1.0 and "chor" in terms.weights
    assert int(np.argmax(matcher.lexical.scores(terms))) == 0


def test_language_named_in_the_wish_lifts_entries_that_speak_it():
    assert read_hints("Türkçe konuşan biri yardım edebilir mi?").languages == {"Türkisch"}
    assert read_hints("Где помогут, желательно по-русски?").languages == {"Russisch"}
    assert read_hints("هل يوجد أحد يساعدني باللغة العربية؟").languages == {"Arabisch"}
    assert read_hints("my German is basic").languages == frozenset()  # every entry speaks German
    scorer = HintScorer(["club", "club"], [{"languages": ["Deutsch", "Türkisch"]}, {"languages": ["Deutsch"]}])
    scores = scorer.scores(read_hints("Türkçe konuşan"), HintWeights(language=0.5))
    assert scores.tolist() == [0.5, 0.0]


def test_when_how_often_and_step_free_access_stated_in_the_wish_are_soft_hints():
    hints = read_hints("Ich suche Sport am Sonntagvormittag")
    assert hints.weekdays == {"So"} and hints.times == {"vormittags"}
    assert read_hints("Chor am Wochenende").weekdays == {"Sa", "So"}
    assert read_hints("nur einmal mithelfen, ohne feste Verpflichtung").frequency == {"einmalig"}
    assert read_hints("Ich habe nur im Sommer Zeit").frequency == {"saisonal"}
    assert read_hints("Ich sitze im Rollstuhl").barrier_free
    scorer = HintScorer(["club"] * 3, [{"weekdays": ["So"], "frequency": "einmalig", "barrier_free": True},
                                       {"weekdays": ["Mo"], "frequency": "regelmäßig", "barrier_free": False}, {}])
    weights = HintWeights(when=0.5, frequency=1.0, barrier_free=0.6, kind=0.0)
    assert scorer.scores(read_hints("am Sonntag"), weights).tolist() == [0.5, -0.5, 0.0]
    assert scorer.scores(read_hints("einmalig"), weights).tolist() == [1.0, -1.0, 0.0]
    assert np.allclose(scorer.scores(read_hints("im Rollstuhl"), weights), [0.6, -0.6, 0.0])


def test_district_names_in_cyrillic_are_districts_too():
    assert read_hints("Моя мама живе з нами в Нойгаблонці").districts == {"Neugablonz"}
    assert read_hints("Мы живём в Хакене").districts == {"Haken"}


def test_who_the_wish_is_for_lifts_clubs_and_projects_for_that_group():
    assert read_hints("ищу гимнастику для дочки").groups == {"Kinder"}  # via the glossary
    assert read_hints("Frauengruppe, in der Arabisch gesprochen wird").groups == {"Frauen"}
    assert read_hints("what kind of club suits me?").groups == frozenset()
    metadata = [{"target_groups": ["Kinder", "Familien"]}, {"target_groups": ["Kinder"]},
                {"target_groups": ["Senioren"]}]
    scorer = HintScorer(["club", "opportunity", "club"], metadata)
    scores = scorer.scores(read_hints("Turnen für mein Kind"), HintWeights(group=0.7, take_part=0.0))
    assert np.allclose(scores, [0.7, 0.0, 0.0])  # an opportunity's groups say who may volunteer
