"""Reading constraints, interests and conversation moves from free text (no index, no model)."""

from __future__ import annotations

import pytest

from assistant import suggestions as phrasing
from assistant.understanding import detect_language, fuzzy_district, understand


def _filters(message: str) -> dict:
    return understand(message).filters.as_dict()


@pytest.mark.parametrize("message, expected", [
    ("in Neugablonz", {"districts": ["neugablonz"]}),
    ("in meiner Nähe Haken", {"districts": ["haken"]}),
    ("Chor in Neugablons", {"districts": ["neugablonz"]}),  # typo
    ("Хочу петь в хоре в Нойгаблонці", {"districts": ["neugablonz"]}),  # Ukrainian case ending
    ("Я живу в Хакене, ищу футбол", {"districts": ["haken"]}),
    ("Theater in Groß Kemnat", {"districts": ["großkemnat".casefold()]}),
    ("was in der Innenstadt", {"districts": ["altstadt", "kernstadt"]}),
    ("Maerzisried", {"districts": ["märzisried"]}),
    ("für meine Tochter, 9", {"age": 9}),
    ("mein Sohn ist 12", {"age": 12}),
    ("für meine 9-jährige Enkelin", {"age": 9}),
    ("ich bin 70", {"age": 70}),
    ("I'm 70 years old", {"age": 70}),
    ("мне 67 лет", {"age": 67}),
    ("nur am Wochenende", {"weekdays": ["sa", "so"]}),
    ("dienstags abends", {"weekdays": ["di"], "time_of_day": ["abends"]}),
    ("Dienstagabend", {"weekdays": ["di"], "time_of_day": ["abends"]}),
    ("weekday mornings", {"weekdays": ["di", "do", "fr", "mi", "mo"], "time_of_day": ["vormittags"]}),
    ("nicht am Wochenende", {"weekdays": ["di", "do", "fr", "mi", "mo"]}),
    ("Ich habe keine Zeit am Wochenende", {"weekdays": ["di", "do", "fr", "mi", "mo"]}),
    ("hafta sonu", {"weekdays": ["sa", "so"]}),
    ("einmalig helfen", {"frequency": "einmalig"}),
    ("one-off", {"frequency": "einmalig"}),
    ("Schach einmal pro Woche", {"frequency": "regelmäßig".casefold()}),
    ("mit Rollstuhl", {"barrier_free": True}),
    ("wheelchair accessible", {"barrier_free": True}),
    ("ich spreche Arabisch", {"languages": ["arabisch"]}),
    ("ich spreche Arabisch und Englisch", {"languages": ["arabisch", "englisch"]}),
    ("I speak Ukrainian", {"languages": ["ukrainisch"]}),
    ("Angebote auf Türkisch", {"languages": ["türkisch"]}),
    ("ich spreche kein Deutsch", {}),
    ("Ich möchte Deutsch lernen", {}),  # a topic, not a language spoken
    ("Ehrenamt", {"kinds": ["opportunity", "project"]}),
    ("einen Verein für Fußball", {}),  # the word stays for the ranking
    ("Projekte in Kemnat", {"kinds": ["project"], "districts": ["kemnat"]}),
    ("Unser Projekt sucht Helfer", {}),
    ("Ich habe einen Haken gesetzt", {}),  # a hook, not the district
    ("Ich habe Zeit", {}),
])
def test_constraints_are_read_from_free_text(message, expected):
    assert _filters(message) == expected


@pytest.mark.parametrize("message, topic", [
    ("Fußball für meine Tochter, 9", "Fußball"),
    ("Ich suche einen Chor in der Altstadt", "Chor"),
    ("Ich möchte etwas mit Tieren machen, am liebsten am Wochenende", "Tieren"),
    ("keine Lust auf Sport, lieber Musik", "Musik"),
    ("Erste Hilfe Kurs", "Erste Hilfe Kurs"),  # "erste" here is no reference
    ("Ich heiße Maria Müller und wohne in der Hauptstraße 5, Chor", "Chor"),
    ("Ich hab jetzt im Ruhestand Zeit, was kann ich machen?", ""),
    ("Ich will mich engagieren", ""),
    ("hallo", ""),
    ("I'd like to volunteer", ""),  # "I'd" is no interest (the chat asks back)
    ("I’d love to help with animals", "animals"),  # a phone's apostrophe
])
def test_the_topic_is_what_is_left_of_the_wish(message, topic):
    assert understand(message).topic == topic


def test_vague_wishes_and_life_stages():
    retired = understand("Ich hab jetzt im Ruhestand Zeit, was kann ich machen?")
    assert retired.hints == ("senior",) and retired.engagement and not retired.topic
    child = understand("Fußball für meine Tochter, 9")
    assert child.hints == ("child",) and child.filters.age == 9
    assert understand("Ich will mich engagieren").engagement


@pytest.mark.parametrize("message, field, value", [
    ("nicht Sport", "excluded", ("sport",)),
    ("no sports please", "excluded", ("sport",)),
    ("kein Fußball", "excluded", ("Fußball",)),
    ("nicht in Neugablonz", "excluded", ("Neugablonz",)),
    ("lieber draußen", "preferences", ("draußen",)),
    ("rather indoors", "preferences", ("drinnen",)),
    ("mehr davon", "move", "more"),
    ("show more", "move", "more"),
    ("zurück", "move", "back"),
    ("neu anfangen", "move", "restart"),
    ("start over", "move", "restart"),
    ("das zweite klingt gut – wie erreiche ich die?", "reference", 2),
    ("Nr. 3", "reference", 3),
    ("2", "reference", 2),
    ("the last one", "reference", -1),
    ("egal wo", "cleared", frozenset({"districts"})),
    ("egal wann", "cleared", frozenset({"weekdays", "time_of_day"})),
    ("Leichte Sprache bitte", "easy", True),
    ("in English please", "reply_lang", "en"),
    ("weiß nicht", "skip", True),
])
def test_refinements_and_moves(message, field, value):
    assert getattr(understand(message), field) == value


def test_contact_question_and_selection():
    u = understand("das zweite klingt gut – wie erreiche ich die?")
    assert u.contact and u.select and not u.topic
    assert understand("Das erste passt nicht").reject


def test_personal_data_is_cut_out():
    u = understand("Ich heiße Maria Müller, meine Mail ist maria@example.com, Tel. 0170 1234567, Hauptstraße 5")
    assert u.personal
    assert not any(part in u.topic for part in ("Maria", "Müller", "example", "1234567", "Hauptstraße"))


@pytest.mark.parametrize("text, lang", [
    ("Ich will mich engagieren", "de"), ("Fußball", "de"), ("I would like to sing in a choir", "en"),
    ("Хочу петь в хоре", "ru"), ("Хочу співати в хорі, і мені 30", "uk"), ("أريد مساعدة اللاجئين", "ar"),
    ("Gönüllü olmak istiyorum", "tr"), ("Schach", None), ("2", None),
])
def test_language_detection(text, lang):
    assert detect_language(text) == lang


def test_fuzzy_districts_do_not_catch_common_words():
    assert fuzzy_district("Neugablons") == "Neugablonz"
    assert fuzzy_district("Hirschzel") == "Hirschzell"
    assert fuzzy_district("haben") is None and fuzzy_district("Kernstück") is None


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_suggestion_chip_is_understood(lang):
    """A tapped suggestion is sent as a message: each must mean what it says."""
    table = phrasing.SUGGESTIONS[lang]
    for key in ("interest", "interest:senior", "interest:child"):
        for chip in table[key]:
            u = understand(chip)
            assert u.topic and u.filters.is_empty(), (chip, u)
    for key in ("time", "district"):
        for chip in table[key]:
            u = understand(chip)
            assert not u.topic and (not u.filters.is_empty() or u.cleared), (chip, u)
    assert understand(phrasing.suggestion("contact", lang, n=2)).reference == 2
    assert understand(phrasing.suggestion("more", lang)).move == "more"
    assert understand(phrasing.suggestion("restart", lang)).move == "restart"
    assert understand(phrasing.suggestion("back", lang)).move == "back"
    assert understand(phrasing.suggestion("undo", lang)).move == "back"
    assert understand(phrasing.suggestion("refine:weekdays", lang)).filters.weekdays == {"sa", "so"}
    assert understand(phrasing.suggestion("refine:barrier_free", lang)).filters.barrier_free
    assert understand(phrasing.suggestion("refine:outdoors", lang)).preferences == ("draußen",)
    assert understand(phrasing.suggestion("refine:once", lang)).filters.frequency == "einmalig"
    for name in ("districts", "weekdays", "age", "languages", "kinds", "frequency"):
        assert name in understand(phrasing.suggestion(f"relax:{name}", lang)).cleared, name
    chip = phrasing.suggestion("language_only", lang, language="Arabisch")
    assert understand(chip).filters.languages == {"arabisch"} and not understand(chip).topic
